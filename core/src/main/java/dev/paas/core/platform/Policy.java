package dev.paas.core.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules every released image obeys, as the platform sets them (used by {@code paas:check}).
 *
 * @param levels the level of each rule id; a rule not named has {@link #DEFAULT_LEVELS its default}
 * @param severity the lowest vulnerability severity that fails the build
 * @param protectedPaths paths of the base that upper layers must not delete or replace
 * @param runtimeDescriptors where runtime descriptors (Kubernetes YAML, compose files) are kept, as
 *     glob patterns relative to the project
 * @param publicKey the PEM public key official base images are signed with, if any
 * @param allowedSecrets fingerprints of secret findings the platform accepts everywhere (e.g. a
 *     test key its base ships on purpose): they are not reported
 */
public record Policy(
    Map<String, Level> levels,
    Severity severity,
    List<String> protectedPaths,
    List<String> runtimeDescriptors,
    Optional<String> publicKey,
    List<String> allowedSecrets) {

  /** A rule's level. */
  public enum Level {
    ERROR,
    WARN,
    OFF
  }

  /** Vulnerability severities, lowest first. */
  public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
  }

  public Policy {
    levels = OrderedMaps.copy(levels);
    protectedPaths = List.copyOf(protectedPaths);
    runtimeDescriptors = List.copyOf(runtimeDescriptors);
    allowedSecrets = List.copyOf(allowedSecrets);
  }

  /** The level of a rule. */
  public Level level(String rule) {
    return levels.getOrDefault(rule, Level.ERROR);
  }
}
