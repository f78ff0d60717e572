package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TarLayer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and ordinary layers applied to a root: nothing is ever written outside it. */
class LayerApplierTest {
  @TempDir Path work;
  Path root;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(work.resolve("root"));
    outside = Files.createDirectory(work.resolve("outside"));
    Files.writeString(outside.resolve("victim"), "untouched");
  }

  private LayerApplier applier() {
    return new LayerApplier(root, true, 1 << 20, BuildLog.silent());
  }

  private void apply(byte[] tar) throws PaasException {
    LayerApplier applier = applier();
    applier.apply(new ByteArrayInputStream(tar), "test");
    applier.finish();
  }

  /** Everything under the work directory that is not under the root. */
  private List<String> outsideRoot() throws IOException {
    try (Stream<Path> paths = Files.walk(work)) {
      return paths.filter(p -> !p.startsWith(root) && !p.equals(work))
          .map(p -> work.relativize(p).toString()).sorted().toList();
    }
  }

  private void assertNothingOutside() throws IOException {
    assertThat(outsideRoot()).containsExactly("outside", "outside/victim");
    assertThat(Files.readString(outside.resolve("victim"))).isEqualTo("untouched");
  }

  @Test
  void appliesFilesDirectoriesLinksModesAndWhiteouts() throws Exception {
    apply(new TarLayer().dir("etc", 0755).file("etc/a", "a").file("etc/b", "b")
        .dir("opt/data", 0700).file("opt/data/x", "x").file("opt/data/y", "y")
        .symlink("bin", "usr/bin").dir("usr/bin", 0755)
        .file("usr/bin/tool", "#!".getBytes(), 04755, 0, 0).tar());
    apply(new TarLayer().file("etc/.wh.a", "").file("opt/data/.wh..wh..opq", "")
        .file("opt/data/z", "z").file("bin/other", "via link").hardlink("etc/c", "etc/b").tar());

    assertThat(root.resolve("etc/a")).doesNotExist();
    assertThat(Files.readString(root.resolve("etc/c"))).isEqualTo("b");
    assertThat(Files.getAttribute(root.resolve("etc/c"), "unix:nlink")).isEqualTo(2);
    try (Stream<Path> data = Files.list(root.resolve("opt/data"))) {
      assertThat(data.map(p -> p.getFileName().toString())).containsExactly("z");
    }
    assertThat(Files.getAttribute(root.resolve("opt/data"), "unix:mode")).isEqualTo(040700);
    assertThat(Files.getAttribute(root.resolve("usr/bin/tool"), "unix:mode")).isEqualTo(0104755);
    assertThat(Files.readString(root.resolve("usr/bin/other"))).isEqualTo("via link");
    assertThat(Files.isSymbolicLink(root.resolve("bin"))).isTrue();
    assertNothingOutside();
  }

  @Test
  void refusesAnEntryThatClimbsOutOfTheRoot() throws Exception {
    assertThatThrownBy(() -> apply(new TarLayer().file("../outside/victim", "pwned").tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("entry '../outside/victim' leads outside the image's file system")
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> apply(new TarLayer().file("usr/../../outside/new", "pwned").tar()))
        .hasMessageContaining("leads outside");
    assertNothingOutside();
  }

  @Test
  void anAbsoluteEntryNameLandsInsideTheRoot() throws Exception {
    apply(new TarLayer().file("/outside/victim", "inside").tar());
    assertThat(Files.readString(root.resolve("outside/victim"))).isEqualTo("inside");
    assertNothingOutside();
  }

  @Test
  void aSymlinkPointingOutIsResolvedInsideTheRootNeverFollowedOut() throws Exception {
    Path absoluteOutside = outside.toAbsolutePath();
    apply(new TarLayer()
        .symlink("escape", "../../../../../../" + absoluteOutside)
        .symlink("absolute", absoluteOutside.toString())
        .symlink("up", "..")
        .tar());
    apply(new TarLayer()
        .file("escape/victim", "through relative link")
        .file("absolute/victim", "through absolute link")
        .file("up/victim", "through ..")
        .tar());

    assertThat(Files.readString(root.resolve(absoluteOutside.toString().substring(1) + "/victim")))
        .isEqualTo("through absolute link");
    assertThat(Files.readString(root.resolve("victim"))).isEqualTo("through ..");
    // The links themselves are data: still there, unchanged.
    assertThat(Files.readSymbolicLink(root.resolve("absolute"))).isEqualTo(absoluteOutside);
    assertNothingOutside();
  }

  @Test
  void aLinkLoopIsAnErrorNotAHang() throws Exception {
    apply(new TarLayer().symlink("a", "b").symlink("b", "a").tar());
    assertThatThrownBy(() -> apply(new TarLayer().file("a/file", "x").tar()))
        .isInstanceOf(PaasException.class).hasMessageContaining("Too many symbolic links");
    assertNothingOutside();
  }

  @Test
  void aHardLinkToAFileOutsideIsRefused() throws Exception {
    assertThatThrownBy(() -> apply(new TarLayer().hardlink("stolen", "../outside/victim").tar()))
        .isInstanceOf(PaasException.class).hasMessageContaining("leads outside");
    // An absolute link name means the image's own path, which does not exist there.
    assertThatThrownBy(() -> apply(new TarLayer()
        .hardlink("stolen", outside.resolve("victim").toString()).tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("is a hard link to /" + outside.resolve("victim").toString().substring(1)
            + ", which is not a file of the image");
    // Through a symlink to the host: resolved inside the root, so again nothing to link to.
    apply(new TarLayer().symlink("host", outside.toAbsolutePath().toString()).tar());
    assertThatThrownBy(() -> apply(new TarLayer().hardlink("stolen", "host/victim").tar()))
        .isInstanceOf(PaasException.class).hasMessageContaining("not a file of the image");
    assertThat(root.resolve("stolen")).doesNotExist();
    assertNothingOutside();
  }

  @Test
  void deviceNodesAndFifosAreNeverCreated() throws Exception {
    apply(new TarLayer().dir("dev", 0755)
        .device("dev/sda", TarConstants.LF_BLK)
        .device("dev/mem", TarConstants.LF_CHR)
        .device("run/pipe", TarConstants.LF_FIFO)
        .file("dev/ok", "plain").tar());
    assertThat(root.resolve("dev/sda")).doesNotExist();
    assertThat(root.resolve("dev/mem")).doesNotExist();
    assertThat(root.resolve("run/pipe")).doesNotExist();
    assertThat(root.resolve("dev/ok")).hasContent("plain");
    assertNothingOutside();
  }

  @Test
  void aWhiteoutThroughALinkDeletesInsideTheRootOnly() throws Exception {
    apply(new TarLayer().symlink("host", outside.toAbsolutePath().toString()).tar());
    apply(new TarLayer().file("host/.wh.victim", "").file("host/.wh..wh..opq", "").tar());
    assertNothingOutside();
    assertThat(Files.isSymbolicLink(root.resolve("host"))).isTrue();
  }

  @Test
  void aLayerLargerThanTheLimitIsStopped() throws Exception {
    byte[] big = new byte[600 * 1024];
    assertThatThrownBy(() -> apply(new TarLayer().file("a", big, 0644, 0, 0)
        .file("b", big, 0644, 0, 0).tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("larger than the limit of 1 MiB")
        .hasMessageContaining("paas.run.maxRootfsSize");
  }

  @Test
  void anEndlessStreamOfEntriesIsStopped() throws Exception {
    LayerApplier applier = new LayerApplier(root, true, 1 << 20, 3, new Owners(Owners.Mapping.IDENTITY), BuildLog.silent());
    applier.apply(new ByteArrayInputStream(new TarLayer().file("a", "a").file("b", "b").tar()), "first");
    assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(
        new TarLayer().dir("d", 0755).dir("d/e", 0755).tar()), "second"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("The image's layers hold more than 3 entries (reached in layer second)")
        .hasMessageContaining("endless or hostile archive");
  }

  @Test
  void aTruncatedOrCorruptLayerIsAClearError() throws Exception {
    byte[] truncated = new TarLayer().truncatedAfter("big", "only this".getBytes(), 4096);
    assertThatThrownBy(() -> apply(truncated))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("cannot be read as a tar archive")
        .hasMessageContaining("damaged or truncated");
    byte[] gzip = OciFixtures.gzip(new TarLayer().file("a", "a").tar());
    byte[] cut = java.util.Arrays.copyOf(gzip, gzip.length / 2);
    assertThatThrownBy(() -> apply(cut))
        .isInstanceOf(PaasException.class).hasMessageContaining("damaged or truncated");
  }

  @Test
  void aFileReplacesADirectoryAndALinkReplacesAFileWithoutFollowingIt() throws Exception {
    apply(new TarLayer().dir("x", 0755).file("x/inner", "i").file("target", "t").tar());
    apply(new TarLayer().file("x", "now a file").symlink("target", outside.resolve("victim").toString()).tar());
    apply(new TarLayer().file("target", "replaced the link, not its target").tar());
    assertThat(root.resolve("x")).hasContent("now a file");
    assertThat(Files.isSymbolicLink(root.resolve("target"))).isFalse();
    assertThat(Files.isRegularFile(root.resolve("target"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertNothingOutside();
  }
}
