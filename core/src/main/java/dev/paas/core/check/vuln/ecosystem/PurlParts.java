package dev.paas.core.check.vuln.ecosystem;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of one package URL (https://github.com/package-url/purl-spec), before the purl library
 * checks and canonicalises them.
 *
 * @param type e.g. {@code deb}, {@code maven}
 * @param namespace e.g. {@code debian}, a Maven groupId; null where the type has none
 * @param name the package's name
 * @param version the version
 * @param qualifiers sorted by key; a null or blank value is left out
 */
public record PurlParts(
    String type, String namespace, String name, String version, Map<String, String> qualifiers) {

  public PurlParts {
    Map<String, String> kept = new TreeMap<>();
    qualifiers.forEach(
        (key, value) -> {
          if (value != null && !value.isBlank()) {
            kept.put(key, value);
          }
        });
    qualifiers = Collections.unmodifiableMap(kept);
  }
}
