package dev.paas.core.check.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TarLayer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class LayerReaderTest {
  private final LayerReader reader = new LayerReader(LayerReader.Limits.DEFAULT);

  private List<LayerEntry> entries(byte[] stored) throws Exception {
    List<LayerEntry> entries = new ArrayList<>();
    reader.read(
        new ByteArrayInputStream(stored), "layer 0", (entry, content) -> entries.add(entry));
    return entries;
  }

  @Test
  void namesAreNormalisedAndNeverClimbAboveTheRoot() throws Exception {
    byte[] tar =
        new TarLayer()
            .file("./etc/app.conf", "a")
            .file("/abs/olute", "b")
            .file("../../../etc/cron.d/evil", "c")
            .file("usr/./lib/../bin/tool", "d")
            .tar();
    List<LayerEntry> entries = entries(OciFixtures.gzip(tar));
    assertThat(entries)
        .extracting(LayerEntry::path)
        .containsExactly("/etc/app.conf", "/abs/olute", "/etc/cron.d/evil", "/usr/bin/tool");
    assertThat(entries).extracting(LayerEntry::escapes).containsExactly(false, false, true, false);
  }

  @Test
  void linksDevicesAndWhiteoutsAreData() throws Exception {
    byte[] tar =
        new TarLayer()
            .symlink("etc/passwd", "/../../host/etc/passwd")
            .hardlink("bin/sh2", "../../bin/sh")
            .device("dev/sda", TarConstants.LF_BLK)
            .device("dev/tty0", TarConstants.LF_CHR)
            .file("etc/.wh.shadow", "")
            .file("usr/lib/.wh..wh..opq", "")
            .tar();
    List<LayerEntry> entries = entries(tar);
    assertThat(entries)
        .extracting(LayerEntry::type)
        .containsExactly(
            LayerEntry.Type.SYMLINK,
            LayerEntry.Type.HARDLINK,
            LayerEntry.Type.BLOCK_DEVICE,
            LayerEntry.Type.CHAR_DEVICE,
            LayerEntry.Type.WHITEOUT,
            LayerEntry.Type.OPAQUE);
    assertThat(entries.get(0).link()).isEqualTo("/../../host/etc/passwd");
    // a hard link's target that climbs out is kept as written, for base-tamper to report
    assertThat(entries.get(1).link()).isEqualTo("../../bin/sh");
    assertThat(entries.get(1).linkEscapes()).isTrue();
    assertThat(entries.get(4).path()).isEqualTo("/etc/shadow");
    assertThat(entries.get(5).path()).isEqualTo("/usr/lib");
  }

  @Test
  void digestsAreThoseOfTheStoredAndTheUncompressedBytes() throws Exception {
    OciFixtures.Layer layer = OciFixtures.layer(Map.of("a/b", "x"));
    LayerReader.Digests digests =
        reader.read(new ByteArrayInputStream(layer.gzip()), "l", (e, c) -> {});
    assertThat(digests.stored()).isEqualTo(layer.digest());
    assertThat(digests.uncompressed()).isEqualTo(layer.diffId());
    LayerReader.Digests plain =
        reader.read(new ByteArrayInputStream(layer.tar()), "l", (e, c) -> {});
    assertThat(plain.stored()).isEqualTo(layer.diffId()).isEqualTo(plain.uncompressed());
  }

  @Test
  void skippedContentIsStillDigested() throws Exception {
    byte[] big = new byte[300_000];
    Arrays.fill(big, (byte) 'x');
    byte[] tar = new TarLayer().file("big", big, 0644, 0, 0).file("small", "s").tar();
    LayerReader.Digests digests =
        reader.read(new ByteArrayInputStream(OciFixtures.gzip(tar)), "l", (e, c) -> c.read());
    assertThat(digests.uncompressed()).isEqualTo(OciFixtures.sha256(tar));
  }

  @Test
  void aTruncatedGzipIsAClearError() {
    byte[] gzip = OciFixtures.layer(Map.of("a", "x".repeat(10_000))).gzip();
    byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);
    assertThatThrownBy(() -> entries(cut))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 0 is malformed or truncated")
        .hasMessageContaining("build, pull or copy it again");
  }

  @Test
  void aGzipCutInsideItsHeaderIsAClearError() {
    byte[] cut = {0x1f, (byte) 0x8b, 8, 0, 0};
    assertThatThrownBy(() -> entries(cut))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 0 is malformed or truncated");
  }

  @Test
  void aTruncatedTarIsAClearError() {
    byte[] cut = new TarLayer().truncatedAfter("etc/big", new byte[100], 1_000_000);
    assertThatThrownBy(() -> entries(OciFixtures.gzip(cut)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("malformed or truncated");
  }

  @Test
  void garbageIsAClearErrorOrNoEntries() {
    byte[] garbage = "this is not a tar at all, just some bytes".repeat(40).getBytes();
    // Not a tar: commons-compress either finds no entry or fails; both are data, not a crash.
    try {
      assertThat(entries(garbage)).isEmpty();
    } catch (Exception e) {
      assertThat(e).isInstanceOf(PaasException.class).hasMessageContaining("malformed");
    }
  }

  @Test
  void zstdLayersAreNamedAsSuch() {
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
    assertThatThrownBy(() -> entries(zstd))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("zstd");
  }

  @Test
  void anEndlessLayerStopsAtTheLimit() throws Exception {
    // A gzip stream of endless zeros: tar reads them as end-of-archive blocks, so pad with a
    // real entry header first, then a file that claims to be huge.
    LayerReader small = new LayerReader(new LayerReader.Limits(1000, 1 << 20));
    byte[] header = new TarLayer().truncatedAfter("huge", new byte[0], (8L << 30) - 1);
    InputStream endless =
        new SequenceInputStream(
            new ByteArrayInputStream(header),
            new InputStream() {
              @Override
              public int read() {
                return 'z';
              }

              @Override
              public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 'z');
                return len;
              }
            });
    assertThatThrownBy(
            () ->
                small.read(
                    endless, "layer 7", (e, c) -> c.transferTo(OutputStream.nullOutputStream())))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 7 unpacks to more than");
  }

  @Test
  void tooManyEntriesStopAtTheLimit() {
    TarLayer many = new TarLayer();
    for (int i = 0; i < 50; i++) {
      many.file("f" + i, "");
    }
    LayerReader small = new LayerReader(new LayerReader.Limits(10, 1L << 30));
    assertThatThrownBy(
            () -> small.read(new ByteArrayInputStream(many.tar()), "layer 2", (e, c) -> {}))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("more than 10 entries");
  }

  @Test
  void gzipOfGzipIsNotUnpackedTwice() throws Exception {
    byte[] tar = new TarLayer().file("a", "x").tar();
    byte[] twice = OciFixtures.gzip(OciFixtures.gzip(tar));
    try {
      assertThat(entries(twice)).isEmpty();
    } catch (PaasException e) {
      assertThat(e).hasMessageContaining("malformed");
    }
  }
}
