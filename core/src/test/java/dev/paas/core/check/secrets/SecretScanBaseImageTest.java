package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.image.OciImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScanBaseImageTest {

  @Test
  void findsNothingInTheDebianAndJreBase() throws Exception {
    Path archive = BaseImageLayers.archive();
    assertThat(archive).as("run scripts/base-image.sh").isRegularFile();
    SecretScanner scanner = new SecretScanner(ArchiveLimits.DEFAULT);
    List<SecretMatch> matches = new ArrayList<>();
    int files;
    try (OciImage image = BaseImageLayers.open(archive)) {
      files =
          BaseImageLayers.forEachFile(
              image,
              (path, size, content) -> matches.addAll(scanner.scanFile(path, size, content)));
    }
    matches.forEach(m -> System.out.println("unexpected secret: " + m));
    assertThat(files).isGreaterThan(1000);
    assertThat(matches).isEmpty();
  }
}
