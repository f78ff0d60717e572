package dev.paas.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.testing.HostileImages;
import dev.paas.core.testing.OciFixtures;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memo of proven blob digests against the ways bytes can change under it: a forged twin written
 * after the memo, an archive rewritten in place with its size and modification time kept, a blob
 * swapped inside the archive, a file put in the archive's place.
 */
class ProvenBlobsTest {
  /** Long enough for any file system's timestamp granularity here; the product waits 2 s. */
  static final long SETTLED = TimeUnit.MILLISECONDS.toNanos(100);

  static final List<OciFixtures.Layer> TWINS = HostileImages.sameSizeTwins();
  static final OciFixtures.Image HONEST =
      OciFixtures.image(
          OciFixtures.layer(Map.of("etc/passwd", "root:x:0:0::/:/bin/sh\n")), TWINS.get(0));

  @TempDir Path dir;

  private ProvenBlobs memo() {
    return ProvenBlobs.in(dir.resolve("memo"), SETTLED);
  }

  /** An archive left alone long enough for its proofs to be remembered. */
  private Path settledArchive(Path tar) throws Exception {
    OciFixtures.ociArchive(HONEST, tar);
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SETTLED) * 2);
    return tar;
  }

  /** Proves every layer of {@code tar} with {@code memo}, returning the proven digests. */
  private static List<String> prove(Path tar, ProvenBlobs memo) throws Exception {
    try (OciImage image =
        OciImage.open(ImageReference.parse("oci-archive:" + tar, "image"), memo)) {
      return List.of(image.storedLayerDigest(0), image.storedLayerDigest(1));
    }
  }

  private static ProvenBlobs.Range layerRange(Path tar, int index) throws Exception {
    try (LayoutStore store = LayoutStore.tar(tar)) {
      return store.range(OciImage.blobPath(HONEST.layers().get(index).digest())).orElseThrow();
    }
  }

  @Test
  void aProofOfASettledFileIsRememberedForItsRange() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();

    assertThat(prove(tar, memo))
        .containsExactly(HONEST.layers().get(0).digest(), HONEST.layers().get(1).digest());

    assertThat(memo.known(layerRange(tar, 1))).contains(HONEST.layers().get(1).digest());
    assertThat(prove(tar, memo))
        .containsExactly(HONEST.layers().get(0).digest(), HONEST.layers().get(1).digest());
  }

  @Test
  void aProofOfAFileJustWrittenIsNotRemembered() throws Exception {
    Path tar = OciFixtures.ociArchive(HONEST, dir.resolve("fresh.tar"));
    ProvenBlobs memo = ProvenBlobs.in(dir.resolve("memo"), TimeUnit.SECONDS.toNanos(60));

    prove(tar, memo);

    assertThat(memo.known(layerRange(tar, 1))).isEmpty();
  }

  @Test
  void anArchiveRewrittenInPlaceWithItsSizeAndTimeKeptIsReadAgainAndRefused() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    ProvenBlobs.Range range = layerRange(tar, 1);
    FileTime modified = Files.getLastModifiedTime(tar);
    long size = Files.size(tar);

    // The forged twin's blob, written over the honest one's bytes; size and mtime put back.
    try (FileChannel channel = FileChannel.open(tar, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(TWINS.get(1).gzip()), range.offset());
    }
    Files.setLastModifiedTime(tar, modified);
    assertThat(Files.size(tar)).isEqualTo(size);
    assertThat(Files.getLastModifiedTime(tar)).isEqualTo(modified);

    assertThat(memo.known(range)).isEmpty();
    assertThatThrownBy(() -> prove(tar, memo))
        .isInstanceOf(BlobMismatchException.class)
        .hasMessageContaining("is " + TWINS.get(1).digest() + ", not " + TWINS.get(0).digest());
  }

  @Test
  void aForgedTwinPutInTheArchivesPlaceAfterTheMemoIsReadAndRefused() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    FileTime modified = Files.getLastModifiedTime(tar);
    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(HONEST, 1, TWINS.get(1)), dir.resolve("twin.tar"), "");
    Files.setLastModifiedTime(twin, modified);
    assertThat(Files.size(twin)).isEqualTo(Files.size(tar));

    Files.move(twin, tar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    assertThatThrownBy(() -> prove(tar, memo))
        .isInstanceOf(BlobMismatchException.class)
        .hasMessageContaining("layer 2 of 2 of oci-archive:" + tar);
  }

  @Test
  void aForgedTwinElsewhereNeverProfitsFromTheHonestArchivesMemo() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(HONEST, 1, TWINS.get(1)), dir.resolve("twin.tar"), "");
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SETTLED) * 2);

    assertThatThrownBy(() -> prove(twin, memo)).isInstanceOf(BlobMismatchException.class);
    assertThat(memo.known(layerRange(twin, 1))).isEmpty();
  }

  @Test
  void aMemoThatLiesAboutADigestIsNotBelievedForAnotherOne() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    // Whatever the memo holds for a range, only the digest the image names can be taken from it.
    Path file =
        Files.list(dir.resolve("memo"))
            .filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".tmp"))
            .findFirst()
            .orElseThrow();
    Files.writeString(
        file,
        Files.readString(file).replace(HONEST.layers().get(1).digest(), TWINS.get(1).digest()));

    assertThat(memo.known(layerRange(tar, 1))).contains(TWINS.get(1).digest());
    assertThat(prove(tar, memo))
        .containsExactly(HONEST.layers().get(0).digest(), HONEST.layers().get(1).digest());
  }

  // --- copies: proven by comparison with a file proven before ---

  @Test
  void anHonestCopyElsewhereIsProvenByComparisonWithTheArchiveProvenBefore() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    Path copy = Files.copy(tar, dir.resolve("copy.tar"));
    String digest = HONEST.layers().get(1).digest();

    assertThat(memo.known(layerRange(copy, 1))).isEmpty();
    assertThat(memo.provenCopy(layerRange(copy, 1), digest)).contains(digest);
    assertThat(prove(copy, memo))
        .containsExactly(HONEST.layers().get(0).digest(), HONEST.layers().get(1).digest());
  }

  @Test
  void theIndexOfCopiesKeepsTheFileProvenFirstWhileItsProofHolds() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    // A build's archive, proven and remembered in its turn, then deleted by the next build.
    Path build = Files.copy(tar, dir.resolve("build-1.tar"));
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SETTLED) * 2);
    prove(build, memo);
    assertThat(memo.known(layerRange(build, 1))).isPresent();
    Files.delete(build);
    Path next = Files.copy(tar, dir.resolve("build-2.tar"));
    String digest = HONEST.layers().get(1).digest();

    assertThat(memo.provenCopy(layerRange(next, 1), digest)).contains(digest);
  }

  @Test
  void aForgedTwinElsewhereIsNotProvenByComparisonAndIsRefused() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(HONEST, 1, TWINS.get(1)), dir.resolve("twin.tar"), "");

    // Same size, same claimed digest, other bytes.
    assertThat(layerRange(twin, 1).length()).isEqualTo(layerRange(tar, 1).length());
    assertThat(memo.provenCopy(layerRange(twin, 1), HONEST.layers().get(1).digest())).isEmpty();
    assertThatThrownBy(() -> prove(twin, memo))
        .isInstanceOf(BlobMismatchException.class)
        .hasMessageContaining("layer 2 of 2 of oci-archive:" + twin);
  }

  @Test
  void aCopyOfAnArchiveRewrittenSinceItsProofIsNotProvenByComparison() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    ProvenBlobs.Range range = layerRange(tar, 1);
    FileTime modified = Files.getLastModifiedTime(tar);
    // The proven archive now holds the twin's bytes (size and mtime put back), and so does a copy.
    try (FileChannel channel = FileChannel.open(tar, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(TWINS.get(1).gzip()), range.offset());
    }
    Files.setLastModifiedTime(tar, modified);
    Path copy = Files.copy(tar, dir.resolve("copy.tar"));

    assertThat(memo.provenCopy(layerRange(copy, 1), TWINS.get(0).digest())).isEmpty();
    assertThatThrownBy(() -> prove(copy, memo))
        .isInstanceOf(BlobMismatchException.class)
        .hasMessageContaining("is " + TWINS.get(1).digest() + ", not " + TWINS.get(0).digest());
  }

  @Test
  void aCopyIndexPointingAtUnprovenBytesIsNotBelieved() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));
    ProvenBlobs memo = memo();
    prove(tar, memo);
    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(HONEST, 1, TWINS.get(1)), dir.resolve("twin.tar"), "");
    Path twinAgain = Files.copy(twin, dir.resolve("twin-again.tar"));
    ProvenBlobs.Range forged = layerRange(twin, 1);
    // The index of copies names the twin's blob for the honest digest: the twin has no proof.
    String digest = HONEST.layers().get(1).digest();
    Files.writeString(
        dir.resolve("memo/copies/" + digest.substring("sha256:".length())),
        forged.file().toAbsolutePath() + "\n" + forged.offset() + "\n" + forged.length() + "\n");

    assertThat(memo.provenCopy(layerRange(twinAgain, 1), digest)).isEmpty();
    assertThatThrownBy(() -> prove(twinAgain, memo)).isInstanceOf(BlobMismatchException.class);
  }

  @Test
  void nothingIsRememberedWithoutAMemo() throws Exception {
    Path tar = settledArchive(dir.resolve("honest.tar"));

    prove(tar, ProvenBlobs.none());

    assertThat(ProvenBlobs.none().known(layerRange(tar, 1))).isEmpty();
    assertThat(dir.resolve("memo")).doesNotExist();
  }
}
