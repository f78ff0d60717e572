package dev.paas.core.check.verdict;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.paas.core.PrintableText;
import dev.paas.core.check.finding.AdvisoryDetail;
import dev.paas.core.check.finding.Location;
import java.util.Optional;

/**
 * A finding as reports show it, once the policy has given it a level and waivers were applied.
 *
 * @param severity {@code error} or {@code warn}: the rule's level in the policy; a vulnerability
 *     below the policy's severity threshold is a {@code warn}
 * @param waived whether a waiver in force covers it (a waived error does not fail the build)
 * @param waiverReason the waiver's reason, for SARIF's suppression justification; empty when not
 *     waived. Not part of the JSON report's contract.
 * @param advisory a vulnerability's advisory and package; absent from the JSON for other rules
 */
@JsonPropertyOrder({
  "rule",
  "id",
  "severity",
  "message",
  "location",
  "fingerprint",
  "waived",
  "advisory"
})
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ReportedFinding(
    String rule,
    String id,
    String severity,
    String message,
    Location location,
    String fingerprint,
    boolean waived,
    @JsonIgnore String waiverReason,
    Optional<AdvisoryDetail> advisory) {

  /** How long a finding's message or path may be in a report: 4096 characters, then cut. */
  public static final int MAX_TEXT = Location.MAX_TEXT;

  /** Every text from the image is made printable here, once, for every view of the report. */
  public ReportedFinding {
    waiverReason = waiverReason == null ? "" : PrintableText.of(waiverReason);
    advisory = advisory == null ? Optional.empty() : advisory.map(AdvisoryDetail::printable);
    id = PrintableText.of(id);
    message = PrintableText.of(message, MAX_TEXT);
    location = location == null ? null : location.printable();
  }

  /** A finding without a waiver reason (none applies, or the JSON report was read back). */
  public ReportedFinding(
      String rule,
      String id,
      String severity,
      String message,
      Location location,
      String fingerprint,
      boolean waived) {
    this(rule, id, severity, message, location, fingerprint, waived, "", Optional.empty());
  }

  /** Whether this finding fails the build. */
  public boolean failsBuild() {
    return "error".equals(severity) && !waived;
  }
}
