package dev.paas.core.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A finding as reports show it, once the policy has given it a level and waivers were applied.
 *
 * @param severity {@code error} or {@code warn}: the rule's level in the policy
 * @param waived whether a waiver in force covers it (a waived error does not fail the build)
 * @param waiverReason the waiver's reason, for SARIF's suppression justification; empty when not
 *     waived. Not part of the JSON report's contract.
 */
@JsonPropertyOrder({"rule", "id", "severity", "message", "location", "fingerprint", "waived"})
public record ReportedFinding(String rule, String id, String severity, String message,
    Location location, String fingerprint, boolean waived, @JsonIgnore String waiverReason) {

  public ReportedFinding {
    waiverReason = waiverReason == null ? "" : waiverReason;
  }

  /** A finding without a waiver reason (none applies, or the JSON report was read back). */
  public ReportedFinding(String rule, String id, String severity, String message,
      Location location, String fingerprint, boolean waived) {
    this(rule, id, severity, message, location, fingerprint, waived, "");
  }

  /** Whether this finding fails the build. */
  public boolean failsBuild() {
    return "error".equals(severity) && !waived;
  }
}
