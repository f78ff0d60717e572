package dev.paas.maven.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.BuildLog;
import dev.paas.core.registry.Credential;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * Encrypted passwords are covered end to end by the settings-credentials and bad-credentials ITs.
 */
class SettingsCredentialsTest {

  private static Settings settingsWith(String id, String user, String password) {
    Server server = new Server();
    server.setId(id);
    server.setUsername(user);
    server.setPassword(password);
    Settings settings = new Settings();
    settings.addServer(server);
    return settings;
  }

  @Test
  void findsTheServerWhoseIdIsTheRegistryHost() {
    var source =
        new SettingsCredentials(
            settingsWith("registry.example:5000", "paas", "secret"), null, BuildLog.silent());
    assertThat(source.forRegistry("registry.example:5000"))
        .contains(new Credential("paas", "secret"));
    assertThat(source.forRegistry("registry.example")).isEmpty();
  }

  @Test
  void aServerWithoutUserIsNoCredential() {
    var source =
        new SettingsCredentials(
            settingsWith("registry.example", null, "x"), null, BuildLog.silent());
    assertThat(source.forRegistry("registry.example")).isEmpty();
  }

  @Test
  void theSecretNeverShowsInToString() {
    assertThat(new Credential("paas", "secret").toString()).doesNotContain("secret");
  }
}
