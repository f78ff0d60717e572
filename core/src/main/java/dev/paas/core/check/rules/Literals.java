package dev.paas.core.check.rules;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** How Kubernetes and Compose read a scalar written in a descriptor. */
final class Literals {
  // YAML 1.1 booleans, as the Go YAML readers of kubectl and compose accept them; quoted ones too,
  // since compose converts strings (for interpolation) and Kubernetes rejects them anyway.
  private static final Set<String> TRUE = Set.of("true", "yes", "y", "on");
  private static final Pattern ZERO = Pattern.compile("[+-]?0+");

  private Literals() {}

  /** Whether the scalar means {@code true}. */
  static boolean isTrue(String value) {
    return TRUE.contains(value.trim().toLowerCase(Locale.ROOT));
  }

  /** Whether the scalar is the number 0, however written. */
  static boolean isZero(String value) {
    return ZERO.matcher(value.trim()).matches();
  }
}
