package dev.paas.maven.support;

import dev.paas.core.BuildLog;
import dev.paas.core.registry.Credential;
import dev.paas.core.registry.CredentialSource;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Registry credentials from {@code settings.xml}: the {@code <server>} whose {@code <id>} is the
 * registry host (as Jib reads them), with passwords decrypted by Maven's own decrypter.
 */
public final class SettingsCredentials implements CredentialSource {
  private final Settings settings;
  private final SettingsDecrypter decrypter;
  private final BuildLog log;

  public SettingsCredentials(Settings settings, SettingsDecrypter decrypter, BuildLog log) {
    this.settings = settings;
    this.decrypter = decrypter;
    this.log = log;
  }

  @Override
  public Optional<Credential> forRegistry(String registry) {
    if (settings == null) {
      return Optional.empty();
    }
    Server server = settings.getServer(registry);
    if (server == null || server.getUsername() == null) {
      return Optional.empty();
    }
    if (decrypter != null) {
      SettingsDecryptionResult result =
          decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      for (SettingsProblem problem : result.getProblems()) {
        if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
          log.warn(
              "Cannot decrypt the password of <server> '"
                  + registry
                  + "' in settings.xml ("
                  + problem.getMessage()
                  + "); check settings-security.xml. Trying other credentials.");
          return Optional.empty();
        }
      }
      server = result.getServer();
    }
    return Optional.of(
        new Credential(
            server.getUsername(), server.getPassword() == null ? "" : server.getPassword()));
  }
}
