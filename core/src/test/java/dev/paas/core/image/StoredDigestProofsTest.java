package dev.paas.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.testing.HostileImages;
import dev.paas.core.testing.OciFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredDigestProofsTest {
  @TempDir Path dir;

  @Test
  void aProofStartedAheadIsTheOneAskedForAndRunsOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    List<String> threads = new CopyOnWriteArrayList<>();
    try (StoredDigestProofs proofs =
        new StoredDigestProofs(
            index -> {
              runs.incrementAndGet();
              threads.add(Thread.currentThread().getName());
              done.countDown();
              return "sha256:" + index;
            })) {
      proofs.startAhead(1);
      proofs.startAhead(1);
      done.await();

      assertThat(proofs.digest(1)).isEqualTo("sha256:1");
      assertThat(proofs.digest(1)).isEqualTo("sha256:1");
      assertThat(runs).hasValue(1);
      assertThat(threads).containsExactly("paas-prove-layer");
    }
  }

  @Test
  void aLayerNotStartedAheadIsProvenByWhoeverAsks() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    try (StoredDigestProofs proofs =
        new StoredDigestProofs(
            index -> {
              threads.add(Thread.currentThread().getName());
              return "sha256:" + index;
            })) {
      assertThat(proofs.digest(0)).isEqualTo("sha256:0");
      assertThat(threads).containsExactly(Thread.currentThread().getName());
    }
  }

  @Test
  void anAskWhileTheProofRunsWaitsForItInsteadOfHashingAgain() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    try (StoredDigestProofs proofs =
        new StoredDigestProofs(
            index -> {
              runs.incrementAndGet();
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return "sha256:late";
            })) {
      proofs.startAhead(0);
      started.await();
      new Thread(release::countDown).start();

      assertThat(proofs.digest(0)).isEqualTo("sha256:late");
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aFailedProofFailsEveryAsk() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (StoredDigestProofs proofs =
        new StoredDigestProofs(
            index -> {
              runs.incrementAndGet();
              throw new BlobMismatchException("layer 1 is forged");
            })) {
      proofs.startAhead(0);

      assertThatThrownBy(() -> proofs.digest(0))
          .isInstanceOf(BlobMismatchException.class)
          .hasMessage("layer 1 is forged");
      assertThatThrownBy(() -> proofs.digest(0)).isInstanceOf(BlobMismatchException.class);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aForgedLayerProvenAheadIsRefusedWhenItsDigestIsAsked() throws Exception {
    OciFixtures.Image honest =
        OciFixtures.image(
            OciFixtures.layer(Map.of("etc/passwd", "root:x:0:0::/:/bin/sh\n")),
            HostileImages.sameSizeTwins().get(0));
    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(honest, 1, HostileImages.sameSizeTwins().get(1)),
            dir.resolve("twin.tar"),
            "");

    try (OciImage image = OciImage.open(ImageReference.parse("oci-archive:" + twin, "image"))) {
      image.proveStoredLayerAhead(0);
      image.proveStoredLayerAhead(1);

      assertThat(image.storedLayerDigest(0)).isEqualTo(honest.layers().get(0).digest());
      assertThatThrownBy(() -> image.storedLayerDigest(1))
          .isInstanceOf(BlobMismatchException.class)
          .hasMessageContaining("layer 2 of 2 of oci-archive:" + twin)
          .hasMessageContaining(
              "not " + honest.layers().get(1).digest() + " as its manifest names it");
    }
  }
}
