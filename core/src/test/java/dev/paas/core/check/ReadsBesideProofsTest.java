package dev.paas.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import dev.paas.core.testing.HostileImages;
import dev.paas.core.testing.OciFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new layer on a base checked before is read while the base's cached layers are being proven, not
 * after: and the proofs still decide whether the base's facts count.
 */
class ReadsBesideProofsTest {
  @TempDir Path dir;

  @Test
  void theNewLayerIsReadWhileTheCachedOnesAreProven() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    Path base = OciFixtures.ociArchive(HostileImagesTest.BASE, dir.resolve("base.tar"));
    Path app = OciFixtures.ociArchive(HostileImagesTest.HONEST, dir.resolve("app.tar"));
    HostileImagesTest.check(fixture, "oci-archive:" + base);
    CountDownLatch appRead = new CountDownLatch(1);

    CheckReport report;
    try (ImageSource image = OciImage.open(ImageReference.parse("oci-archive:" + app, "image"))) {
      report = check(fixture, app, new ProofAwaitsRead(image, appRead));
    }

    assertThat(report.passed()).isTrue();
    assertThat(appRead.getCount()).isZero();
  }

  @Test
  void aForgedCachedLayerStillFailsThoughANewLayerIsReadBesideIt() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    Path honest = OciFixtures.ociArchive(HostileImagesTest.HONEST_TWIN, dir.resolve("honest.tar"));
    HostileImagesTest.check(fixture, "oci-archive:" + honest);
    List<OciFixtures.Layer> twins = HostileImagesTest.TWINS;
    OciFixtures.Image grown =
        OciFixtures.withConfig(
            OciFixtures.image(
                Map.of(), List.of(HostileImagesTest.SYSTEM, twins.get(0), HostileImagesTest.APP)),
            c -> c.with("config").put("User", "app"));
    Path forged =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(grown, 1, twins.get(1)), dir.resolve("forged.tar"), "");

    assertThatThrownBy(() -> HostileImagesTest.check(fixture, "oci-archive:" + forged))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 3 of oci-archive:" + forged)
        .hasMessageContaining("damaged or forged");
  }

  private static CheckReport check(CheckFixture fixture, Path archive, ImageSource image)
      throws Exception {
    return fixture
        .check
        .check(
            new ImageCheck.Request(
                "test",
                "oci-archive:" + archive,
                CheckFixture.policy(),
                List.of(CheckFixture.official(HostileImagesTest.BASE)),
                Optional.empty(),
                List.of(),
                CheckFixture.TODAY,
                inventory -> Optional.empty(),
                base -> Optional.empty()),
            image)
        .report();
  }

  /** An image whose cached layer's proof ends only once its last (new) layer is being read. */
  private record ProofAwaitsRead(ImageSource image, CountDownLatch appRead) implements ImageSource {
    @Override
    public String digest() {
      return image.digest();
    }

    @Override
    public byte[] configBytes() {
      return image.configBytes();
    }

    @Override
    public List<StoredLayer> storedLayers() throws IOException {
      return image.storedLayers();
    }

    @Override
    public InputStream openStoredLayer(int index) throws IOException {
      if (index == storedLayers().size() - 1) {
        appRead.countDown();
      }
      return image.openStoredLayer(index);
    }

    @Override
    public String storedLayerDigest(int index) throws IOException {
      try {
        if (!appRead.await(10, TimeUnit.SECONDS)) {
          throw new IOException("the new layer was not read while layer " + index + " was proven");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return image.storedLayerDigest(index);
    }

    @Override
    public void close() throws IOException {
      image.close();
    }
  }
}
