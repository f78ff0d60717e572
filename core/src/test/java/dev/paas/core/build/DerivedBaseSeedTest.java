package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.run.RunLayer;
import dev.paas.core.testing.HostileImages;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base and its run layers go into Jib's layer cache as they are read, proven against the
 * digests that name them: Jib is given an archive without their bytes, and a forged base puts
 * nothing there.
 */
class DerivedBaseSeedTest {
  @TempDir Path dir;

  private final RecordingLog log = new RecordingLog();

  @Test
  void everyLayerGoesIntoJibsCacheOnceAndJibGetsAnArchiveWithoutTheirBytes() throws Exception {
    OciFixtures.Image base =
        OciFixtures.image(OciFixtures.baseSystemLayer(), OciFixtures.layer(Map.of("a", "b")));
    Path layout = OciFixtures.ociDir(base, dir.resolve("base"));
    RunLayer run = runLayer(OciFixtures.layer(Map.of("opt/ran", "yes\n")));
    Path cache = dir.resolve("jib-local");

    CachedLayersArchive first;
    try (OciImage source = OciImage.open(ImageReference.parse("oci:" + layout, "base"))) {
      first =
          DerivedBase.seeded(source, List.of(run), cache, dir.resolve("derived"), log)
              .orElseThrow();
    }
    assertThat(first.cachedDigests())
        .containsExactly(
            base.layers().get(0).digest(), base.layers().get(1).digest(), run.digest());
    assertThat(Files.size(first.archive())).isLessThan(16 * 1024);
    for (OciFixtures.Layer layer : base.layers()) {
      assertThat(
              cache.resolve(
                  "local/" + layer.diffId().substring(7) + "/" + layer.digest().substring(7)))
          .hasBinaryContent(layer.gzip());
    }
    assertThat(log.lines())
        .containsOnlyOnce(
            "INFO Putting the base image's layers into Jib's cache (once for this base)");

    RecordingLog again = new RecordingLog();
    try (OciImage source = OciImage.open(ImageReference.parse("oci:" + layout, "base"))) {
      CachedLayersArchive second =
          DerivedBase.seeded(source, List.of(run), cache, dir.resolve("derived"), again)
              .orElseThrow();
      assertThat(second).isEqualTo(first);
    }
    assertThat(again.lines()).isEmpty();
  }

  @Test
  void aForgedBaseLayerPutsNothingIntoJibsCacheAndFailsTheBuild() throws Exception {
    List<OciFixtures.Layer> twins = HostileImages.sameSizeTwins();
    OciFixtures.Image honest = OciFixtures.image(OciFixtures.baseSystemLayer(), twins.get(0));
    Path forged =
        OciFixtures.writeDirectory(
            HostileImages.forgedTwin(honest, 1, twins.get(1)), dir.resolve("forged"));
    Path cache = dir.resolve("jib-local");

    try (OciImage source = OciImage.open(ImageReference.parse("oci:" + forged, "base"))) {
      assertThatThrownBy(
              () -> DerivedBase.seeded(source, List.of(), cache, dir.resolve("derived"), log))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("Cannot put the base image's layers into Jib's cache")
          .hasMessageContaining("damaged or forged");
    }
    assertThat(cache.resolve("local/" + twins.get(0).diffId().substring(7))).doesNotExist();
    assertThat(dir.resolve("derived")).doesNotExist();
  }

  private RunLayer runLayer(OciFixtures.Layer layer) throws Exception {
    Path file = Files.write(dir.resolve("run.tar.gz"), layer.gzip());
    return new RunLayer(
        "key",
        "image-env",
        layer.diffId(),
        layer.digest(),
        layer.gzip().length,
        layer.tar().length,
        file,
        "RUN image-env");
  }
}
