package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringBootPortTest {
  @TempDir Path dir;

  private SpringBootPort.Found found(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
    return SpringBootPort.of(List.of(dir));
  }

  @Test
  void springBootsDefaultWithoutConfiguration() {
    assertThat(SpringBootPort.of(List.of(dir, dir.resolve("missing"))))
        .isEqualTo(new SpringBootPort.Found(Optional.of(8080), Optional.empty()));
  }

  @Test
  void readsServerPortFromPropertiesAndYaml() throws IOException {
    assertThat(
            found("application.properties", "spring.application.name=x\nserver.port = 9090\n")
                .port())
        .contains(9090);
    Files.delete(dir.resolve("application.properties"));
    assertThat(
            found(
                    "application.yml",
                    "spring:\n  application:\n    name: x\nserver:\n  port: 8181\n---\nserver:\n  port: 1\n")
                .port())
        .contains(8181);
    assertThat(found("application.yml", "server.port: 7070\n").port()).contains(7070);
  }

  @Test
  void placeholdersZeroAndNoise() throws IOException {
    assertThat(found("application.properties", "server.port=${PORT:9000}").port()).contains(9000);
    assertThat(found("application.properties", "server.port=${PORT}").port()).contains(8080);
    assertThat(found("application.properties", "server.port=0").port()).isEmpty();
    assertThat(found("application.properties", "server.port=-1").port()).isEmpty();
    assertThat(found("application.properties", "management.server.port=9999").port())
        .contains(8080);
  }

  @Test
  void aFileThatIsNotYamlGivesTheDefault() throws IOException {
    assertThat(found("application.yml", "server: [unclosed\n").port()).contains(8080);
    assertThat(found("application.yml", "a: &a [*a, *a]\n").port()).contains(8080);
  }
}
