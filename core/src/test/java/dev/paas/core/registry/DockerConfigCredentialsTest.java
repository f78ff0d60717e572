package dev.paas.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.testing.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a real docker config file, put under a temporary {@code user.home}. */
class DockerConfigCredentialsTest {
  @TempDir Path home;

  private String realHome;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void useTemporaryHome() {
    realHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    System.setProperty("user.home", realHome);
  }

  @Test
  void findsTheAuthOfTheRegistry() throws Exception {
    dockerConfig(
        "{\"auths\":{\"registry.example:5000\":{\"auth\":\""
            + auth("ci-bot", "s3cret:x")
            + "\"},\"other.example\":{\"auth\":\""
            + auth("someone", "else")
            + "\"}}}");

    Optional<Credential> found =
        new DockerConfigCredentials(log).forRegistry("registry.example:5000");

    assertThat(found).contains(new Credential("ci-bot", "s3cret:x"));
  }

  @Test
  void aRegistryWithoutAnEntryHasNoCredential() throws Exception {
    dockerConfig("{\"auths\":{\"other.example\":{\"auth\":\"" + auth("someone", "else") + "\"}}}");

    assertThat(new DockerConfigCredentials(log).forRegistry("registry.example")).isEmpty();
  }

  @Test
  void noDockerConfigMeansNoCredential() {
    assertThat(new DockerConfigCredentials(log).forRegistry("registry.example")).isEmpty();
  }

  @Test
  void anUnparsableConfigGivesNoCredentialAndIsLoggedWithItsPath() throws Exception {
    dockerConfig("{ this is not json");

    assertThat(new DockerConfigCredentials(log).forRegistry("registry.example")).isEmpty();
    assertThat(log.lines())
        .anyMatch(l -> l.contains(home.resolve(".docker/config.json").toString()));
  }

  @Test
  void anInvalidRegistryNameHasNoCredential() {
    assertThat(new DockerConfigCredentials(log).forRegistry("Not A Registry!")).isEmpty();
  }

  @Test
  void theSecretIsNeverPrinted() {
    assertThat(new Credential("ci-bot", "s3cret").toString())
        .contains("ci-bot")
        .doesNotContain("s3cret");
  }

  @Test
  void orElseAsksTheNextSourceOnlyWhenTheFirstHasNothing() {
    CredentialSource first =
        registry ->
            registry.equals("a.example")
                ? Optional.of(new Credential("first", "1"))
                : Optional.empty();
    CredentialSource second = registry -> Optional.of(new Credential("second", "2"));

    CredentialSource both = first.orElse(second);

    assertThat(both.forRegistry("a.example")).contains(new Credential("first", "1"));
    assertThat(both.forRegistry("b.example")).contains(new Credential("second", "2"));
    assertThat(CredentialSource.none().forRegistry("a.example")).isEmpty();
  }

  private void dockerConfig(String json) throws Exception {
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"), json);
  }

  private static String auth(String user, String secret) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
