package dev.paas.core.registry;

import java.util.Optional;

/** Finds the credential for a registry host, e.g. from Maven settings or the docker config. */
@FunctionalInterface
public interface CredentialSource {
  Optional<Credential> forRegistry(String registry);

  /** No credentials anywhere: anonymous access. */
  static CredentialSource none() {
    return registry -> Optional.empty();
  }

  /** This source, and where it has nothing, {@code next}. */
  default CredentialSource orElse(CredentialSource next) {
    return registry -> {
      Optional<Credential> found = forRegistry(registry);
      return found.isPresent() ? found : next.forRegistry(registry);
    };
  }
}
