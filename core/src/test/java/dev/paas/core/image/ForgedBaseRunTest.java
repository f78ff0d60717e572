package dev.paas.core.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.run.ImageRun;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.RunStep;
import dev.paas.core.run.Sandbox;
import dev.paas.core.testing.BusyboxImage;
import dev.paas.core.testing.HostileImages;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandboxed step unpacks its base through {@link ImageSource#openStoredLayer}: a forged base
 * layer stops the build, naming the layer, before any script runs on it.
 */
class ForgedBaseRunTest {
  @TempDir Path dir;

  @Test
  void aForgedBaseLayerStopsTheRunNamingTheLayer() throws Exception {
    List<OciFixtures.Layer> twins = HostileImages.sameSizeTwins();
    OciFixtures.Image honest =
        OciFixtures.image(BusyboxImage.image("alpine").layers().get(0), twins.get(0));
    Path layout =
        OciFixtures.writeDirectory(
            HostileImages.forgedTwin(honest, 1, twins.get(1)), dir.resolve("forged"));
    ImageRun run =
        new ImageRun(
            dir.resolve("cache"),
            new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(1), 1L << 30),
            new RecordingLog());

    try (OciImage base = OciImage.open(ImageReference.parse("oci:" + layout, "base"))) {
      assertThatThrownBy(
              () ->
                  run.layers(
                      base,
                      List.of(
                          RunStep.script("image-env", "touch /ran\n", Optional.empty(), Map.of()))))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("layer 2 of 2 of oci:" + layout)
          .hasMessageContaining("is " + twins.get(1).digest() + ", not " + twins.get(0).digest())
          .hasMessageContaining("damaged or forged");
    }
  }
}
