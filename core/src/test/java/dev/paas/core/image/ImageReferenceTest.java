package dev.paas.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.image.ImageReference.Transport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void registryReferenceWithRegistryRepositoryAndTag() throws Exception {
    ImageReference ref = ImageReference.parse("registry.example/base/java17:1", "<baseImage>");

    assertThat(ref.transport()).isEqualTo(Transport.REGISTRY);
    assertThat(ref.isRegistry()).isTrue();
    assertThat(ref.toString()).isEqualTo("registry.example/base/java17:1");
    assertThat(ref.registry()).contains("registry.example");
    var parsed = ref.registryReference();
    assertThat(parsed.getRegistry()).isEqualTo("registry.example");
    assertThat(parsed.getRepository()).isEqualTo("base/java17");
    assertThat(parsed.getTag()).contains("1");
    assertThat(parsed.getDigest()).isEmpty();
  }

  @Test
  void registryWithPortIsTheRegistryHost() throws Exception {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/app:2.0", "<image>");

    assertThat(ref.registry()).contains("127.0.0.1:5000");
    assertThat(ref.registryReference().getRepository()).isEqualTo("team/app");
    assertThat(ref.registryReference().getTag()).contains("2.0");
  }

  @Test
  void referenceWithoutRegistryIsDockerHub() throws Exception {
    ImageReference ref = ImageReference.parse("eclipse-temurin", "<baseImage>");

    assertThat(ref.isRegistry()).isTrue();
    assertThat(ref.registry()).contains("registry-1.docker.io");
    assertThat(ref.registryReference().getRepository()).isEqualTo("library/eclipse-temurin");
    assertThat(ref.registryReference().getTag()).contains("latest");
    assertThat(ref.toString()).as("kept as written").isEqualTo("eclipse-temurin");
  }

  @Test
  void referenceWithDigest() throws Exception {
    ImageReference ref =
        ImageReference.parse("registry.example/base/java17@" + DIGEST, "<baseImage>");

    assertThat(ref.registryReference().getDigest()).contains(DIGEST);
    assertThat(ref.registryReference().getRepository()).isEqualTo("base/java17");
  }

  @Test
  void referenceWithTagAndDigest() throws Exception {
    ImageReference ref =
        ImageReference.parse("registry.example/base/java17:1@" + DIGEST, "<baseImage>");

    assertThat(ref.registryReference().getTag()).contains("1");
    assertThat(ref.registryReference().getDigest()).contains(DIGEST);
  }

  @Test
  void dockerTransportPrefixIsDropped() throws Exception {
    ImageReference ref =
        ImageReference.parse("docker://registry.example/base/java17:1", "<baseImage>");

    assertThat(ref.transport()).isEqualTo(Transport.REGISTRY);
    assertThat(ref.toString()).isEqualTo("registry.example/base/java17:1");
  }

  @Test
  void surroundingWhitespaceIsIgnored() throws Exception {
    ImageReference ref = ImageReference.parse("  registry.example/app:1\n", "<image>");

    assertThat(ref.toString()).isEqualTo("registry.example/app:1");
  }

  @Test
  void dockerArchive() throws Exception {
    ImageReference ref = ImageReference.parse("docker-archive:/tmp/base.tar", "<baseImage>");

    assertThat(ref.transport()).isEqualTo(Transport.DOCKER_ARCHIVE);
    assertThat(ref.isRegistry()).isFalse();
    assertThat(ref.path()).isEqualTo(Path.of("/tmp/base.tar"));
    assertThat(ref.registry()).isEmpty();
    assertThat(ref.toString()).isEqualTo("docker-archive:/tmp/base.tar");
  }

  @Test
  void ociArchiveWithRelativePath() throws Exception {
    ImageReference ref = ImageReference.parse("oci-archive:target/base.oci.tar", "<baseImage>");

    assertThat(ref.transport()).isEqualTo(Transport.OCI_ARCHIVE);
    assertThat(ref.path()).isEqualTo(Path.of("target/base.oci.tar"));
    assertThat(ref.toString()).isEqualTo("oci-archive:target/base.oci.tar");
  }

  @Test
  void ociArchiveTagOnlyNamesTheImageInsideAndIsStripped() throws Exception {
    ImageReference ref = ImageReference.parse("oci-archive:/tmp/base.tar:1.0", "<baseImage>");

    assertThat(ref.transport()).isEqualTo(Transport.OCI_ARCHIVE);
    assertThat(ref.path()).isEqualTo(Path.of("/tmp/base.tar"));
    assertThat(ref.toString()).isEqualTo("oci-archive:/tmp/base.tar");
  }

  @Test
  void ociDirectory() throws Exception {
    ImageReference ref = ImageReference.parse("oci:/var/images/base", "<baseImage>");

    assertThat(ref.transport()).isEqualTo(Transport.OCI_DIR);
    assertThat(ref.path()).isEqualTo(Path.of("/var/images/base"));
    assertThat(ref.toString()).isEqualTo("oci:/var/images/base");
  }

  @Test
  void ociDirectoryWithTag() throws Exception {
    ImageReference ref = ImageReference.parse("oci:/var/images/base:latest", "<baseImage>");

    assertThat(ref.transport()).isEqualTo(Transport.OCI_DIR);
    assertThat(ref.path()).isEqualTo(Path.of("/var/images/base"));
  }

  @Test
  void localReferenceHasNoRegistryReference() throws Exception {
    ImageReference ref = ImageReference.parse("oci-archive:/tmp/base.tar", "<baseImage>");

    assertThatThrownBy(ref::registryReference)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("oci-archive:/tmp/base.tar");
  }

  @Test
  void registryReferenceHasNoPath() throws Exception {
    ImageReference ref = ImageReference.parse("registry.example/app:1", "<image>");

    assertThatThrownBy(ref::path)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("registry.example/app:1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void emptyReferenceNamesTheElement(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text, "<baseImage>"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("<baseImage> is empty")
        .hasMessageContaining("oci-archive:");
  }

  @Test
  void nullReferenceNamesTheElement() {
    assertThatThrownBy(() -> ImageReference.parse(null, "<image>"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("<image> is empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Registry.example/App:1",
        "registry.example/app:bad tag",
        "registry.example/app:",
        "registry.example/app@sha256:123",
        "not valid!"
      })
  void invalidRegistryReferenceNamesTheElementAndTheText(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text, "<image>"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("<image> '" + text + "' is not a valid image reference")
        .hasMessageContaining("[registry/]repository[:tag]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"oci-archive:", "docker-archive:", "oci:"})
  void localTransportWithoutPathNamesTheElement(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text, "<baseImage>"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("<baseImage> '" + text + "' names no path after '" + text + "'");
  }

  @Test
  void forEnvironmentAppendsTheEnvironmentToTheTag() throws Exception {
    ImageReference ref = ImageReference.parse("registry.example/team/app:1.0", "<image>");

    ImageReference test = ref.forEnvironment("test");

    assertThat(test.toString()).isEqualTo("registry.example/team/app:1.0-test");
    assertThat(test.registryReference().getTag()).contains("1.0-test");
    assertThat(test.registryReference().getRepository()).isEqualTo("team/app");
    assertThat(ref.toString())
        .as("the original is unchanged")
        .isEqualTo("registry.example/team/app:1.0");
  }

  @Test
  void forEnvironmentKeepsTheReferenceAsWritten() throws Exception {
    assertThat(ImageReference.parse("team/app:1.0", "<image>").forEnvironment("test").toString())
        .isEqualTo("team/app:1.0-test");
    assertThat(ImageReference.parse("app", "<image>").forEnvironment("prod").toString())
        .isEqualTo("app:latest-prod");
  }

  @Test
  void aPushTargetMayNotNameADigest() throws Exception {
    String digest = "sha256:" + "a".repeat(64);
    ImageReference byDigest = ImageReference.parse("registry.example/app@" + digest, "<image>");
    assertThatThrownBy(byDigest::requirePushTarget)
        .hasMessageContaining("names a digest; give a tag instead");
    ImageReference tagged = ImageReference.parse("registry.example/app:1", "<image>");
    assertThat(tagged.requirePushTarget()).isSameAs(tagged);
  }

  @Test
  void forEnvironmentWithoutTagUsesLatest() throws Exception {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/app", "<image>");

    assertThat(ref.forEnvironment("prod").toString())
        .isEqualTo("127.0.0.1:5000/team/app:latest-prod");
  }

  @Test
  void forEnvironmentRejectsDigestReferences() throws Exception {
    ImageReference ref = ImageReference.parse("registry.example/team/app@" + DIGEST, "<image>");

    assertThatThrownBy(() -> ref.forEnvironment("test"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("<image>")
        .hasMessageContaining("names a digest")
        .hasMessageContaining("give a tag");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"oci-archive:/tmp/app.tar", "docker-archive:/tmp/app.tar", "oci:/tmp/app"})
  void forEnvironmentRejectsLocalReferences(String text) throws Exception {
    ImageReference ref = ImageReference.parse(text, "<image>");

    assertThatThrownBy(() -> ref.forEnvironment("test"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessage("<image> must be a registry reference, not '" + text + "'");
  }

  @Test
  void forEnvironmentRejectsAnEnvironmentThatMakesAnInvalidTag() throws Exception {
    ImageReference ref = ImageReference.parse("registry.example/team/app:1.0", "<image>");

    assertThatThrownBy(() -> ref.forEnvironment("pre prod"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("<image>")
        .hasMessageContaining("1.0-pre prod");
  }
}
