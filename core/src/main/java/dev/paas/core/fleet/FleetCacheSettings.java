package dev.paas.core.fleet;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.registry.CredentialSource;
import java.util.Optional;

/**
 * Which fleet cache a build uses: the build's cache setting ({@code REGISTRY/REPOSITORY}), which
 * wins, else the platform profile's {@code cache.repository}; {@code cache.push: false} makes the
 * runner read-only.
 *
 * @param repository {@code REGISTRY/REPOSITORY}, or empty for no fleet cache
 * @param push whether this runner publishes what it computes
 */
public record FleetCacheSettings(Optional<String> repository, boolean push) {
  /** No fleet cache: every cache stays on this machine. */
  public static final FleetCacheSettings NONE = new FleetCacheSettings(Optional.empty(), true);

  /**
   * The settings from the build's property and the profile's {@code cache} section.
   *
   * @param property {@code paas.cache} as given, perhaps null or blank
   */
  public static FleetCacheSettings of(
      String property, Optional<String> profileRepository, boolean push) {
    Optional<String> chosen =
        Optional.ofNullable(property)
            .map(String::strip)
            .filter(p -> !p.isEmpty())
            .or(() -> profileRepository);
    return new FleetCacheSettings(chosen, push);
  }

  /**
   * The cache, reached with {@code credentials} like every other registry call, or empty for none.
   */
  public Optional<FleetCache> open(
      CredentialSource credentials,
      boolean allowInsecure,
      boolean offline,
      String writer,
      BuildLog log)
      throws PaasException {
    if (repository.isEmpty()) {
      return Optional.empty();
    }
    if (offline) {
      log.info("Offline: the fleet cache " + repository.get() + " is not used");
      return Optional.empty();
    }
    return Optional.of(
        FleetCache.open(repository.get(), push, credentials, allowInsecure, writer, log));
  }

  /**
   * What entries name as their writer when the caller does not say: this plugin and its version.
   */
  public static String writer() {
    String version = FleetCache.class.getPackage().getImplementationVersion();
    return "paas-maven-plugin " + (version == null ? "(unknown version)" : version);
  }
}
