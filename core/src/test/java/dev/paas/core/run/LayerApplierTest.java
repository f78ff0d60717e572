package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TarLayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and ordinary layers applied to a root: nothing is ever written outside it. */
class LayerApplierTest {
  @TempDir Path work;
  Path root;
  Path outside;
  OutsideSentinel sentinel;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(work.resolve("root"));
    sentinel = OutsideSentinel.create(work.resolve("outside"));
    outside = sentinel.dir();
  }

  private LayerApplier applier() {
    return new LayerApplier(root, true, 1 << 20, BuildLog.silent());
  }

  private void apply(byte[] tar) throws PaasException {
    LayerApplier applier = applier();
    applier.apply(new ByteArrayInputStream(tar), "test");
    applier.finish();
  }

  /** Nothing but the root and the sentinel in the work directory, and the sentinel as it was. */
  private void assertNothingOutside() throws IOException {
    try (Stream<Path> paths = Files.list(work)) {
      assertThat(paths.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("root", "outside");
    }
    sentinel.assertUnchanged();
  }

  @Test
  void appliesFilesDirectoriesLinksModesAndWhiteouts() throws Exception {
    apply(
        new TarLayer()
            .dir("etc", 0755)
            .file("etc/a", "a")
            .file("etc/b", "b")
            .dir("opt/data", 0700)
            .file("opt/data/x", "x")
            .file("opt/data/y", "y")
            .symlink("bin", "usr/bin")
            .dir("usr/bin", 0755)
            .file("usr/bin/tool", "#!".getBytes(), 04755, 0, 0)
            .tar());
    apply(
        new TarLayer()
            .file("etc/.wh.a", "")
            .file("opt/data/.wh..wh..opq", "")
            .file("opt/data/z", "z")
            .file("bin/other", "via link")
            .hardlink("etc/c", "etc/b")
            .tar());

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
    apply(
        new TarLayer()
            .symlink("escape", "../../../../../../" + absoluteOutside)
            .symlink("absolute", absoluteOutside.toString())
            .symlink("up", "..")
            .tar());
    apply(
        new TarLayer()
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
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("Too many symbolic links");
    assertNothingOutside();
  }

  @Test
  void aHardLinkToAFileOutsideIsRefused() throws Exception {
    assertThatThrownBy(() -> apply(new TarLayer().hardlink("stolen", "../outside/victim").tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("leads outside");
    // An absolute link name means the image's own path, which does not exist there.
    assertThatThrownBy(
            () ->
                apply(
                    new TarLayer().hardlink("stolen", outside.resolve("victim").toString()).tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "is a hard link to /"
                + outside.resolve("victim").toString().substring(1)
                + ", which is not a file of the image");
    // Through a symlink to the host: resolved inside the root, so again nothing to link to.
    apply(new TarLayer().symlink("host", outside.toAbsolutePath().toString()).tar());
    assertThatThrownBy(() -> apply(new TarLayer().hardlink("stolen", "host/victim").tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("not a file of the image");
    assertThat(root.resolve("stolen")).doesNotExist();
    assertNothingOutside();
  }

  @Test
  void deviceNodesAndFifosAreNeverCreated() throws Exception {
    apply(
        new TarLayer()
            .dir("dev", 0755)
            .device("dev/sda", TarConstants.LF_BLK)
            .device("dev/mem", TarConstants.LF_CHR)
            .device("run/pipe", TarConstants.LF_FIFO)
            .file("dev/ok", "plain")
            .tar());
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
    assertThatThrownBy(
            () -> apply(new TarLayer().file("a", big, 0644, 0, 0).file("b", big, 0644, 0, 0).tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("larger than the limit of 1 MiB")
        .hasMessageContaining("paas.run.maxRootfsSize");
  }

  @Test
  void anEndlessStreamOfEntriesIsStopped() throws Exception {
    LayerApplier applier =
        new LayerApplier(
            root, true, 1 << 20, 3, new Owners(Owners.Mapping.IDENTITY), BuildLog.silent());
    applier.apply(
        new ByteArrayInputStream(new TarLayer().file("a", "a").file("b", "b").tar()), "first");
    assertThatThrownBy(
            () ->
                applier.apply(
                    new ByteArrayInputStream(new TarLayer().dir("d", 0755).dir("d/e", 0755).tar()),
                    "second"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "The image's layers hold more than 3 entries (reached in layer second)")
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
    byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);
    assertThatThrownBy(() -> apply(cut))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("damaged or truncated");
  }

  @Test
  void aFileReplacesADirectoryAndALinkReplacesAFileWithoutFollowingIt() throws Exception {
    apply(new TarLayer().dir("x", 0755).file("x/inner", "i").file("target", "t").tar());
    apply(
        new TarLayer()
            .file("x", "now a file")
            .symlink("target", outside.resolve("victim").toString())
            .tar());
    apply(new TarLayer().file("target", "replaced the link, not its target").tar());
    assertThat(root.resolve("x")).hasContent("now a file");
    assertThat(Files.isSymbolicLink(root.resolve("target"))).isFalse();
    assertThat(Files.isRegularFile(root.resolve("target"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertNothingOutside();
  }

  // The attack of issue 15: a/x gets mode 6777 and a time, then a becomes a link to the host
  // directory holding the sentinel; the directory attributes, set at the end, used to follow it.
  @Test
  void aDirectoryModeSetAtTheEndDoesNotFollowALinkThatReplacedItsParent() throws Exception {
    apply(
        new TarLayer()
            .dir("a", 0755)
            .dir("a/outside", 06777)
            .dir("a/outside/x", 06777)
            .symlink("a", work.toString())
            .tar());

    assertThat(Files.readSymbolicLink(root.resolve("a"))).isEqualTo(work);
    assertNothingOutside();
  }

  @Test
  void theSameSwapAcrossTwoLayersWithAWhiteout() throws Exception {
    LayerApplier applier = applier();
    applier.apply(
        new ByteArrayInputStream(
            new TarLayer()
                .dir("a", 0755)
                .dir("a/outside", 06777)
                .file("a/outside/victim", "inside".getBytes(), 06777, 0, 0)
                .tar()),
        "first");
    applier.apply(
        new ByteArrayInputStream(
            new TarLayer().file(".wh.a", "").symlink("a", work.toString()).tar()),
        "second");
    applier.finish();

    assertThat(Files.isSymbolicLink(root.resolve("a"))).isTrue();
    assertNothingOutside();
  }

  @Test
  void anOpaqueWhiteoutUnderALinkOutEmptiesNothingOutside() throws Exception {
    apply(
        new TarLayer()
            .symlink("rel", "../../../../../../../../.." + outside)
            .symlink("abs", outside.toString())
            .symlink("magic", "/proc/self/root" + outside)
            .tar());
    apply(
        new TarLayer()
            .file("rel/.wh..wh..opq", "")
            .file("abs/.wh..wh..opq", "")
            .file("magic/.wh..wh..opq", "")
            .file("abs/x/.wh..wh..opq", "")
            .tar());
    assertNothingOutside();
  }

  @Test
  void aWhiteoutThatHidesDotOrDotDotIsRefused() throws Exception {
    apply(new TarLayer().dir("a", 0755).file("a/kept", "k").tar());
    for (String whiteout : List.of(".wh...", "a/.wh...", "a/.wh..", ".wh..", "a/.wh.")) {
      assertThatThrownBy(() -> apply(new TarLayer().file(whiteout, "").tar()))
          .as(whiteout)
          .isInstanceOf(PaasException.class)
          .hasMessageContaining(
              "Layer test, entry /" + whiteout + ": a whiteout must name a file of its directory")
          .hasMessageContaining("refused");
    }
    assertThat(root.resolve("a/kept")).hasContent("k");
    assertNothingOutside();
  }

  @Test
  void aufsMetadataWhiteoutsAreIgnoredAsDockerIgnoresThem() throws Exception {
    apply(new TarLayer().file(".wh.plnk", "a file of that name").file(".wh..wh.plnk", "").tar());
    assertThat(root.resolve(".wh.plnk")).doesNotExist();
    assertNothingOutside();
  }

  @Test
  void aHardLinkToALinkOrADirectoryIsRefused() throws Exception {
    apply(
        new TarLayer()
            .symlink("toVictim", outside.resolve("victim").toString())
            .symlink("toOutside", outside.toString())
            .symlink("up", "../../../..")
            .dir("d", 0755)
            .tar());
    for (String target :
        List.of(
            "toVictim",
            "toOutside",
            "up",
            "d",
            "toOutside/victim",
            "up/outside/victim",
            "up/" + work.getFileName() + "/outside/victim")) {
      assertThatThrownBy(() -> apply(new TarLayer().hardlink("stolen", target).tar()))
          .as(target)
          .isInstanceOf(PaasException.class)
          .hasMessageContaining(
              "is a hard link to /" + target + ", which is not a file of the image");
    }
    assertThat(root.resolve("stolen")).doesNotExist();
    assertNothingOutside();
  }

  @Test
  void aHardLinkThroughALinkedDirectoryLinksTheFileInsideTheRoot() throws Exception {
    apply(
        new TarLayer()
            .dir("usr/bin", 0755)
            .file("usr/bin/tool", "t")
            .symlink("bin", "/usr/bin")
            .tar());
    apply(new TarLayer().hardlink("tool2", "bin/tool").tar());
    assertThat(Files.getAttribute(root.resolve("usr/bin/tool"), "unix:nlink")).isEqualTo(2);
    assertThat(root.resolve("tool2")).hasContent("t");
    assertNothingOutside();
  }

  @Test
  void aLinkThenAFileOfTheSameNameInOneLayerReplacesTheLink() throws Exception {
    apply(
        new TarLayer()
            .symlink("victim", outside.resolve("victim").toString())
            .file("victim", "replaced the link")
            .symlink("dir", outside.toString())
            .file("dir/victim", "under the link, inside")
            .tar());
    assertThat(Files.isSymbolicLink(root.resolve("victim"))).isFalse();
    assertThat(root.resolve("victim")).hasContent("replaced the link");
    assertThat(root.resolve(outside.toString().substring(1) + "/victim"))
        .hasContent("under the link, inside");
    assertNothingOutside();
  }

  @Test
  void aDirectoryThenALinkAcrossLayersIsFollowedInsideTheRootOnly() throws Exception {
    LayerApplier applier = applier();
    applier.apply(
        new ByteArrayInputStream(new TarLayer().dir("d", 0700).file("d/f", "f").tar()), "1");
    applier.apply(
        new ByteArrayInputStream(new TarLayer().symlink("d", outside.toString()).tar()), "2");
    applier.apply(
        new ByteArrayInputStream(
            new TarLayer()
                .file("d/victim", "inside")
                .dir("d/x", 0777)
                .symlink("d/link", "/etc/shadow")
                .tar()),
        "3");
    applier.finish();
    Path redirected = root.resolve(outside.toString().substring(1));
    assertThat(redirected.resolve("victim")).hasContent("inside");
    assertThat(Files.getAttribute(redirected.resolve("x"), "unix:mode")).isEqualTo(040777);
    assertNothingOutside();
  }

  @Test
  void aDirectoryEntryReplacesALinkOutRatherThanChangingItsTarget() throws Exception {
    apply(new TarLayer().symlink("a", outside.toString()).tar());
    apply(new TarLayer().dir("a", 04777).dir("a/x", 06777).tar());
    assertThat(Files.isDirectory(root.resolve("a"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.getAttribute(root.resolve("a"), "unix:mode")).isEqualTo(044777);
    assertNothingOutside();
  }

  @Test
  void ownersAndTimesOfLinksOutChangeTheLinksOnly() throws Exception {
    byte[] tar =
        new TarLayer()
            .symlink("l", outside.toString())
            .symlink("v", outside.resolve("victim").toString())
            .tar();
    apply(owned(tar, 1234, 5678));
    assertThat(Files.getAttribute(root.resolve("l"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(1234);
    assertThat(Files.getAttribute(root.resolve("v"), "unix:gid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(5678);
    assertNothingOutside();
  }

  // The root has no /proc while layers are applied: a link to /proc's magic links is a link to
  // a directory of the image, made there if need be (RootFsTest tries a real /proc).
  @Test
  void linksToProcsMagicLinksLeadNowhereOutside() throws Exception {
    apply(
        new TarLayer()
            .symlink("self", "/proc/self/root" + outside)
            .symlink("cwd", "/proc/self/cwd")
            .symlink("fd", "/proc/self/fd/0")
            .tar());
    apply(
        new TarLayer()
            .file("self/victim", "inside")
            .dir("self/x", 06777)
            .file("cwd/f", "inside")
            .file("fd/f", "inside")
            .tar());
    assertThat(root.resolve("proc/self/root" + outside + "/victim")).hasContent("inside");
    assertThat(root.resolve("proc/self/fd/0/f")).hasContent("inside");
    assertNothingOutside();
  }

  @Test
  void deepNestingIsAppliedAndOverlongNamesAreRefusedWithABoundedMessage() throws Exception {
    String deep = "d/".repeat(1000) + "file";
    apply(new TarLayer().file(deep, "deep").tar());
    assertThat(root.resolve(deep)).hasContent("deep");

    String longComponent = "n".repeat(300);
    assertThatThrownBy(() -> apply(new TarLayer().file(longComponent, "x").tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("the name is too long");
    String tooDeep = "e/".repeat(3000) + "file";
    assertThatThrownBy(() -> apply(new TarLayer().file(tooDeep, "x").tar()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("the name is too long")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1500));
    LayerApplier.delete(root.resolve("d"));
    assertThat(root.resolve("d")).doesNotExist();
    assertNothingOutside();
  }

  @Test
  void theLastDirectoryEntryOfANameGivesItsModeAndTime() throws Exception {
    LayerApplier applier = applier();
    applier.apply(new ByteArrayInputStream(new TarLayer().dir("etc", 0755).tar()), "1");
    applier.apply(
        new ByteArrayInputStream(new TarLayer().dir("etc", 0700).file("etc/f", "f").tar()), "2");
    applier.finish();
    assertThat(Files.getAttribute(root.resolve("etc"), "unix:mode")).isEqualTo(040700);
    assertThat(Files.getLastModifiedTime(root.resolve("etc")).toMillis())
        .isEqualTo(1_000_000_000_000L);
  }

  @Test
  void filesGetTheirOwnersModesAndTimes() throws Exception {
    apply(
        owned(
            new TarLayer().dir("srv", 0750).file("srv/app", "#!".getBytes(), 06755, 0, 0).tar(),
            1000,
            1001));
    Path app = root.resolve("srv/app");
    assertThat(Files.getAttribute(app, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(app, "unix:gid")).isEqualTo(1001);
    // Given after the owner, which would clear them: setuid and setgid stay.
    assertThat(Files.getAttribute(app, "unix:mode")).isEqualTo(0106755);
    assertThat(Files.getLastModifiedTime(app).toMillis()).isEqualTo(1_000_000_000_000L);
    assertThat(Files.getAttribute(root.resolve("srv"), "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(root.resolve("srv"), "unix:mode")).isEqualTo(040750);
  }

  @Test
  void ownersAreRecordedUnderTheNameAWalkOfTheTreeFinds() throws Exception {
    Owners owners = new Owners(new Owners.Mapping(0, 0, 1));
    LayerApplier applier = new LayerApplier(root, false, 1 << 20, 100, owners, BuildLog.silent());
    applier.apply(
        new ByteArrayInputStream(
            owned(new TarLayer().dir("usr/bin", 0755).symlink("bin", "usr/bin").tar(), 0, 0)),
        "1");
    applier.apply(
        new ByteArrayInputStream(owned(new TarLayer().file("bin/tool", "t").tar(), 100, 101)), "2");
    applier.finish();
    assertThat(owners.inLayer("usr/bin/tool", 0, 0, true)).isEqualTo(new Owners.Id(100, 101));
  }

  @Test
  void aLayerIsCheckedAgainstItsDiffIdAndStoredDigest() throws Exception {
    byte[] tar = new TarLayer().file("etc/motd", "honest").tar();
    byte[] gzip = OciFixtures.gzip(tar);
    LayerApplier applier = applier();
    applier.apply(
        new ByteArrayInputStream(gzip),
        "1/1 (sha256:abc)",
        new VerifiedLayer.Expected(sha256(tar), sha256(gzip)));
    applier.finish();
    assertThat(root.resolve("etc/motd")).hasContent("honest");

    byte[] forged = new TarLayer().file("etc/motd", "forged").tar();
    assertThatThrownBy(
            () ->
                applier.apply(
                    new ByteArrayInputStream(forged),
                    "1/1 (sha256:abc)",
                    new VerifiedLayer.Expected(sha256(tar), null)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "Layer 1/1 (sha256:abc) unpacks to "
                + sha256(forged)
                + ", not "
                + sha256(tar)
                + ", the diff_id its image's config names: the image is damaged or was altered");
    // The same tar, compressed otherwise: the diff_id matches, the stored digest does not.
    byte[] recompressed = OciFixtures.gzip(Arrays.copyOf(tar, tar.length + 512));
    assertThatThrownBy(
            () ->
                applier.apply(
                    new ByteArrayInputStream(recompressed),
                    "1/1",
                    new VerifiedLayer.Expected(
                        sha256(Arrays.copyOf(tar, tar.length + 512)), sha256(gzip))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("Layer 1/1 is stored as sha256:")
        .hasMessageContaining("the digest its manifest names");
    // Bytes appended after the tar's end count too.
    byte[] appended = Arrays.copyOf(tar, tar.length + 10);
    appended[appended.length - 1] = 1;
    assertThatThrownBy(
            () ->
                applier.apply(
                    new ByteArrayInputStream(appended),
                    "1/1",
                    new VerifiedLayer.Expected(sha256(tar), null)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("unpacks to");
    assertNothingOutside();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The same tar with every entry owned by {@code uid}/{@code gid}. */
  private static byte[] owned(byte[] tar, int uid, int gid) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar));
        TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
        entry.setUserId(uid);
        entry.setGroupId(gid);
        out.putArchiveEntry(entry);
        in.transferTo(out);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
