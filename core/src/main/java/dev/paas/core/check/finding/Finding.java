package dev.paas.core.check.finding;

import dev.paas.core.image.OciImage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a rule found in an image or next to it, as a value: the policy, not the rule, decides
 * whether it fails the build.
 *
 * @param rule the rule's id, e.g. {@code secrets}
 * @param id what a waiver names: a secret's fingerprint, a file's path, an advisory id
 * @param message what is wrong, in one sentence a person can act on
 * @param location where: a layer's file, a config key, a project file, or the image
 * @param fingerprint stable across builds of the same content; allow-lists name it
 * @param advisory for a vulnerability, the advisory and the package it matched
 */
public record Finding(
    String rule,
    String id,
    String message,
    Location location,
    String fingerprint,
    Optional<AdvisoryDetail> advisory) {

  /** A finding that is not about an advisory. */
  public Finding(String rule, String id, String message, Location location, String fingerprint) {
    this(rule, id, message, location, fingerprint, Optional.empty());
  }

  /** A finding whose fingerprint is derived from its rule and id. */
  public static Finding of(String rule, String id, String message, Location location) {
    return new Finding(rule, id, message, location, fingerprint(rule, id));
  }

  /** A short, stable fingerprint of the given parts: 16 hex digits of their SHA-256. */
  public static String fingerprint(String... parts) {
    return OciImage.sha256(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8))
        .substring(7, 23);
  }
}
