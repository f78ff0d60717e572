package dev.paas.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.testing.OciFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchivesTest {
  @TempDir Path dir;

  @Test
  void anOciLayoutTarIsAnOciArchiveAndADockerSaveTarADockerArchive() throws IOException {
    OciFixtures.Image image = OciFixtures.baseImage();
    Path oci = OciFixtures.ociArchive(image, dir.resolve("image.oci.tar"));
    Path docker = OciFixtures.dockerArchive(image, "team/app:1", dir.resolve("image.docker.tar"));
    assertThat(ImageArchives.reference(oci).toString()).isEqualTo("oci-archive:" + oci);
    assertThat(ImageArchives.reference(docker).toString()).isEqualTo("docker-archive:" + docker);
  }

  @Test
  void aTarWithoutAnOciLayoutIsLeftToTheDockerArchiveReaderToRefuse() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.tar"), "not a tar at all, just text");
    ImageReference reference = ImageArchives.reference(junk);
    assertThat(reference.toString()).isEqualTo("docker-archive:" + junk);
    assertThatThrownBy(() -> DockerArchiveImage.open(reference).close())
        .hasMessageContaining(junk.toString());
  }
}
