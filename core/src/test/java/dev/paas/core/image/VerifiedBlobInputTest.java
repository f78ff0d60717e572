package dev.paas.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifiedBlobInputTest {
  static final byte[] BLOB = "the honest blob's bytes".getBytes(StandardCharsets.UTF_8);
  static final String DIGEST = OciImage.sha256(BLOB);

  private static VerifiedBlobInput of(InputStream in, String digest, long size) {
    return new VerifiedBlobInput(in, digest, size, "layer 1 of 1 of oci:x", "its manifest");
  }

  @Test
  void theNamedBlobIsReadAsItIs() throws Exception {
    try (VerifiedBlobInput in = of(new ByteArrayInputStream(BLOB), DIGEST, BLOB.length)) {
      assertThat(in.readAllBytes()).isEqualTo(BLOB);
    }
    assertThat(of(new ByteArrayInputStream(BLOB), DIGEST, BLOB.length).drain()).isEqualTo(DIGEST);
  }

  @Test
  void otherBytesAreRefusedAtTheirEndNamingBothDigests() {
    byte[] forged = "the forged blob's bytes!".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> of(new ByteArrayInputStream(forged), DIGEST, -1).readAllBytes())
        .isInstanceOf(BlobMismatchException.class)
        .hasMessage(
            "layer 1 of 1 of oci:x is "
                + OciImage.sha256(forged)
                + ", not "
                + DIGEST
                + " as its manifest names it: the image is damaged or forged; build, pull or copy it again");
  }

  @Test
  void aReaderThatStopsEarlyStillLearnsOfAForgeryWhenItCloses() throws Exception {
    byte[] forged = BLOB.clone();
    forged[forged.length - 1] ^= 1;
    VerifiedBlobInput in = of(new ByteArrayInputStream(forged), DIGEST, forged.length);
    in.readNBytes(4);
    in.skip(3);

    assertThatThrownBy(in::close)
        .isInstanceOf(BlobMismatchException.class)
        .hasMessageContaining("not " + DIGEST);
  }

  @Test
  void anEndlessSourceIsReadOnlyOneBytePastTheDeclaredSize() {
    long[] read = {0};
    InputStream zeros =
        new InputStream() {
          @Override
          public int read() {
            read[0]++;
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            read[0] += len;
            return len;
          }
        };

    assertThatThrownBy(() -> of(zeros, DIGEST, 1000).readAllBytes())
        .isInstanceOf(BlobMismatchException.class)
        .hasMessageContaining("is longer than the 1000 bytes its manifest declares");
    assertThat(read[0]).isEqualTo(1001);
  }

  @Test
  void aShorterBlobIsRefused() {
    assertThatThrownBy(() -> of(new ByteArrayInputStream(BLOB), DIGEST, BLOB.length + 5).drain())
        .isInstanceOf(BlobMismatchException.class)
        .hasMessageContaining(
            "is "
                + BLOB.length
                + " bytes, not the "
                + (BLOB.length + 5)
                + " bytes its manifest declares");
  }
}
