package dev.paas.core.check;

/**
 * A finding as reports show it, once the policy has given it a level and waivers were applied.
 *
 * @param severity {@code error} or {@code warn}: the rule's level in the policy
 * @param waived whether a waiver in force covers it (a waived error does not fail the build)
 */
public record ReportedFinding(String rule, String id, String severity, String message,
    Location location, String fingerprint, boolean waived) {

  /** Whether this finding fails the build. */
  public boolean failsBuild() {
    return "error".equals(severity) && !waived;
  }
}
