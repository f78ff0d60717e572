package dev.paas.core.check.report;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.CheckReport.RuleLevel;
import dev.paas.core.check.verdict.ReportedFinding;
import java.util.List;
import java.util.Optional;

/**
 * Reports built in code for the views' tests: every kind of location, a waiver, a warning, an off
 * rule.
 */
final class SampleReports {
  static final String LAYER_4 =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String LAYER_5 =
      "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
  static final String DIGEST =
      "sha256:aaaabbbbccccddddeeeeffff00001111222233334444555566667777888899990";

  private SampleReports() {}

  /**
   * Errors of three rules, a waived error, two warnings; setuid, base-tamper and vulnerabilities
   * off.
   */
  static CheckReport prod() {
    return new CheckReport(
        "prod",
        "registry.example/team/app:1.4",
        DIGEST,
        List.of(
            finding(
                "base-signature",
                "unsigned",
                "warn",
                "The base's digest carries no cosign signature",
                Location.image(),
                false,
                ""),
            finding(
                "non-root",
                "User",
                "error",
                "The image runs as root (uid 0)",
                Location.inConfig("User"),
                false,
                ""),
            finding(
                "secrets",
                "aws-key",
                "error",
                "An AWS secret access key",
                Location.inLayer(4, LAYER_4, "/app/config/application.properties", 12),
                false,
                ""),
            finding(
                "secrets",
                "test-key",
                "error",
                "A private key",
                Location.inLayer(5, LAYER_5, "/app/lib/app.jar!/BOOT-INF/classes/test.pem", 1),
                true,
                "a test key that signs nothing"),
            finding(
                "world-writable",
                "/tmp/cache",
                "warn",
                "World-writable directory",
                Location.inLayer(5, LAYER_5, "/tmp/cache", 0),
                false,
                ""),
            finding(
                "privileged-runtime",
                "k8s/deploy.yaml",
                "error",
                "The pod asks for privileged mode",
                Location.inProject("k8s/deploy.yaml", 12, 9),
                false,
                "")),
        List.of(
            new RuleLevel("base-inheritance", "error"),
            new RuleLevel("base-signature", "warn"),
            new RuleLevel("non-root", "error"),
            new RuleLevel("secrets", "error"),
            new RuleLevel("world-writable", "warn"),
            new RuleLevel("privileged-runtime", "error")),
        List.of("The waiver of secrets test-key expires on 2027-01-31"));
  }

  static ReportedFinding finding(
      String rule,
      String id,
      String severity,
      String message,
      Location location,
      boolean waived,
      String reason) {
    return new ReportedFinding(
        rule,
        id,
        severity,
        message,
        location,
        Finding.fingerprint(rule, id),
        waived,
        reason,
        Optional.empty());
  }
}
