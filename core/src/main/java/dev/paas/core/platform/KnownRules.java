package dev.paas.core.platform;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What the compliance check tells the profile's parser: the rule ids a policy may name, which of
 * them are mandatory, and whether a secrets section's rules compile. The check owns the rules and
 * provides this through {@link ServiceLoader}, so the platform package does not depend on it.
 */
public interface KnownRules {
  /** Every rule id, in the order reports list them. */
  List<String> ids();

  /** The rules that can be neither waived nor set below {@code error}. */
  List<String> mandatory();

  /** The largest secret rule file, in characters, the check reads. */
  int maxSecretRuleFileCharacters();

  /** Why the secret rules of {@code settings} do not compile, or empty when they do. */
  Optional<String> secretRulesProblem(SecretRuleSettings settings);

  /** The rules the check of this class path provides. */
  static KnownRules installed() {
    // The check is in the same jar, so its class loader finds it whatever the thread's loader is.
    Iterator<KnownRules> found =
        ServiceLoader.load(KnownRules.class, KnownRules.class.getClassLoader()).iterator();
    if (!found.hasNext()) {
      throw new IllegalStateException(
          "no "
              + KnownRules.class.getName()
              + " in META-INF/services: "
              + "the core's jar is incomplete");
    }
    return found.next();
  }
}
