package dev.paas.core.check.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.secrets.SecretMatch;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TarLayer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerScannerTest {
  @TempDir Path dir;

  @Test
  void aLayerKeepsAtMostTenThousandSecretsAndSaysHowManyMore() throws Exception {
    TarLayer many = new TarLayer();
    for (int i = 0; i < 4_000; i++) {
      many.file("app/f" + i, "x");
    }
    OciFixtures.Image image = OciFixtures.image(many.layer());
    Path archive = OciFixtures.ociArchive(image, dir.resolve("many.tar"));
    LayerScanner scanner =
        new LayerScanner(
            new LayerReader(LayerReader.Limits.DEFAULT),
            (path, size, content) -> List.of(match(path, 1), match(path, 2), match(path, 3)),
            new LayerScanner.PackageFinder() {
              @Override
              public boolean wants(String path) {
                return false;
              }

              @Override
              public Found find(String path, byte[] content) {
                return new Found(List.of(), List.of());
              }
            });

    LayerFacts facts;
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      facts = scanner.scan(source, 0, "test");
    }

    assertThat(facts.secrets()).hasSize(LayerScanner.MAX_SECRETS_PER_LAYER + 1);
    assertThat(facts.secrets().get(LayerScanner.MAX_SECRETS_PER_LAYER).description())
        .isEqualTo("2000 more secrets in this layer, beyond the 10000 kept");
  }

  private static SecretMatch match(String path, int line) {
    return new SecretMatch("password", "a password", path, line, "****", path + line);
  }
}
