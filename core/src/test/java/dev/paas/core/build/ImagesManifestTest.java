package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.platform.EnvironmentAdditions.Registration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesManifestTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final String D3 = "sha256:" + "3".repeat(64);
  private static final String D4 = "sha256:" + "4".repeat(64);

  private static final BuiltImage TEST =
      new BuiltImage(
          "test",
          "registry.example/team/app:1.0-test",
          "oci-archive:/work/target/paas/test.oci.tar",
          D1,
          D2,
          "registry.example/base/java17:1",
          D3,
          List.of(D3, D4),
          List.of(new Registration("jacoco", URI.create("http://centre.example/register"))));
  private static final BuiltImage PROD =
      new BuiltImage(
          "prod",
          "registry.example/team/app:1.0-prod",
          "oci-archive:/work/target/paas/prod.oci.tar",
          D2,
          D1,
          "registry.example/base/java17:1",
          D3,
          List.of(D3),
          List.of());

  @TempDir Path dir;

  @Test
  void writeThenReadGivesTheSameImages() throws Exception {
    Path file = dir.resolve("paas").resolve(ImagesManifest.FILE_NAME);

    ImagesManifest.write(file, List.of(TEST, PROD));

    assertThat(ImagesManifest.read(file)).containsExactly(TEST, PROD);
  }

  @Test
  void theJsonHasExactlyTheContractsFieldNames() throws Exception {
    Path file = dir.resolve(ImagesManifest.FILE_NAME);

    ImagesManifest.write(file, List.of(PROD));

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(names(json)).containsExactly("images");
    assertThat(json.get("images").isArray()).isTrue();
    assertThat(json.get("images")).hasSize(1);
    JsonNode image = json.get("images").get(0);
    assertThat(names(image))
        .containsExactlyInAnyOrder(
            "environment",
            "reference",
            "archive",
            "digest",
            "configDigest",
            "baseImage",
            "baseDigest",
            "layers");
    assertThat(image.get("environment").asText()).isEqualTo("prod");
    assertThat(image.get("reference").asText()).isEqualTo("registry.example/team/app:1.0-prod");
    assertThat(image.get("archive").asText())
        .isEqualTo("oci-archive:/work/target/paas/prod.oci.tar");
    assertThat(image.get("digest").asText()).isEqualTo(D2);
    assertThat(image.get("configDigest").asText()).isEqualTo(D1);
    assertThat(image.get("baseImage").asText()).isEqualTo("registry.example/base/java17:1");
    assertThat(image.get("baseDigest").asText()).isEqualTo(D3);
    assertThat(image.get("layers").isArray()).isTrue();
    assertThat(image.get("layers")).extracting(JsonNode::asText).containsExactly(D3);
  }

  @Test
  void anImageWithServicesToRegisterAlsoListsThem() throws Exception {
    Path file = dir.resolve(ImagesManifest.FILE_NAME);

    ImagesManifest.write(file, List.of(TEST));

    JsonNode image = new ObjectMapper().readTree(file.toFile()).get("images").get(0);
    assertThat(names(image))
        .containsExactlyInAnyOrder(
            "environment",
            "reference",
            "archive",
            "digest",
            "configDigest",
            "baseImage",
            "baseDigest",
            "layers",
            "registrations");
    assertThat(image.get("registrations").toString())
        .isEqualTo("[{\"service\":\"jacoco\",\"url\":\"http://centre.example/register\"}]");
  }

  @Test
  void anEmptyListIsWrittenAsAnEmptyArray() throws Exception {
    Path file = dir.resolve(ImagesManifest.FILE_NAME);

    ImagesManifest.write(file, List.of());

    assertThat(new ObjectMapper().readTree(file.toFile()).get("images").isArray()).isTrue();
    assertThat(ImagesManifest.read(file)).isEmpty();
  }

  @Test
  void writingReplacesTheFileAndLeavesNoTemporaryFileBehind() throws Exception {
    Path file = dir.resolve(ImagesManifest.FILE_NAME);
    ImagesManifest.write(file, List.of(TEST, PROD));

    ImagesManifest.write(file, List.of(PROD));

    assertThat(ImagesManifest.read(file)).containsExactly(PROD);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void readingAMissingFileSaysToRunTheVerifyPhase() {
    Path file = dir.resolve("target/paas").resolve(ImagesManifest.FILE_NAME);

    assertThatThrownBy(() -> ImagesManifest.read(file))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("mvn verify");
  }

  @Test
  void readingAMalformedFileSaysItCannotBeReadAndHowToRewriteIt() throws Exception {
    Path file =
        Files.writeString(dir.resolve(ImagesManifest.FILE_NAME), "{\"images\": [ {\"environ");

    assertThatThrownBy(() -> ImagesManifest.read(file))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(file + " cannot be read (")
        .hasMessageContaining("mvn verify");
  }

  @Test
  void readingAFileOfAnotherShapeIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve(ImagesManifest.FILE_NAME), "{\"images\": 42}");

    assertThatThrownBy(() -> ImagesManifest.read(file))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(file + " cannot be read (")
        .hasMessageContaining("mvn verify");
  }

  @Test
  void readingADirectoryIsAClearError() throws Exception {
    Path directory = Files.createDirectories(dir.resolve(ImagesManifest.FILE_NAME));

    assertThatThrownBy(() -> ImagesManifest.read(directory))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("mvn verify");
  }

  @Test
  void discardRemovesTheFileAndToleratesItsAbsence() throws Exception {
    Path file = dir.resolve(ImagesManifest.FILE_NAME);
    ImagesManifest.write(file, List.of(TEST));

    ImagesManifest.discard(dir);
    ImagesManifest.discard(dir);
    ImagesManifest.discard(dir.resolve("never-created"));

    assertThat(file).doesNotExist();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
