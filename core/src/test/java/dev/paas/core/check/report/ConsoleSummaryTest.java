package dev.paas.core.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.CheckReport;
import dev.paas.core.check.CheckReport.RuleLevel;
import dev.paas.core.check.Location;
import dev.paas.core.check.ReportedFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {
  @Test
  void showsTheVerdictCountsErrorsWithAdviceWarningsAndNotes() {
    assertThat(ConsoleSummary.lines(SampleReports.prod())).containsExactly(
        "paas:check prod registry.example/team/app:1.4@sha256:aaaabbbbcccc: FAILED — 3 errors, "
            + "2 warnings, 1 waived",
        "  base-inheritance    error  no findings",
        "  base-signature      warn   1 warning",
        "  non-root            error  1 error",
        "  secrets             error  1 error, 1 waived",
        "  world-writable      warn   1 warning",
        "  privileged-runtime  error  1 error",
        "  not run (off in the policy, or nothing to check): setuid, base-tamper, vulnerabilities",
        "Errors:",
        "  non-root — Runs as a non-root user",
        "    config User: The image runs as root (uid 0)",
        "    Advice: Set <user> in <paas> to a numeric uid or a user the image defines with a "
            + "non-zero uid",
        "  secrets — No embedded secrets",
        "    layer 4 (sha256:0123456789ab) /app/config/application.properties:12: An AWS secret "
            + "access key",
        "    Advice: Remove the secret from the image (and rotate it): inject it at run time from the "
            + "platform's secret store; if it is not a secret, allow-list its fingerprint",
        "  privileged-runtime — No privileged runtime",
        "    k8s/deploy.yaml:12:9: The pod asks for privileged mode",
        "    Advice: Remove the setting from the descriptor; run as a non-root user without extra "
            + "capabilities",
        "Warnings:",
        "  base-signature: image: The base's digest carries no cosign signature",
        "  world-writable: layer 5 (sha256:fedcba987654) /tmp/cache: World-writable directory",
        "Notes:",
        "  The waiver of secrets test-key expires on 2027-01-31");
  }

  @Test
  void givesAdviceOncePerRuleAndCapsLongWarningLists() {
    List<ReportedFinding> findings = new ArrayList<>();
    for (String key : List.of("A", "B")) {
      findings.add(SampleReports.finding("secrets", key, "error", "Key " + key,
          Location.inConfig("Env " + key), false, ""));
    }
    IntStream.range(0, 25).forEach(i -> findings.add(SampleReports.finding("world-writable", "f" + i,
        "warn", "World-writable file", Location.inLayer(2, SampleReports.LAYER_4, "/data/f" + i, 0),
        false, "")));
    var report = new CheckReport("image", "app@sha256:0123", "sha256:0123", findings,
        List.of(new RuleLevel("secrets", "error"), new RuleLevel("world-writable", "warn")), List.of());

    List<String> lines = ConsoleSummary.lines(report);

    assertThat(lines.get(0))
        .isEqualTo("paas:check image app@sha256:0123: FAILED — 2 errors, 25 warnings, 0 waived");
    assertThat(lines).filteredOn(l -> l.startsWith("    Advice:")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.startsWith("  world-writable: "))
        .hasSize(ConsoleSummary.MAX_WARNINGS);
    assertThat(lines.get(lines.size() - 1)).isEqualTo("  … and 5 more in target/paas/reports/image.json");
  }

  @Test
  void aCleanImagePassesInOneGlance() {
    var report = new CheckReport("dev", "app:1", SampleReports.DIGEST, List.of(),
        List.of(new RuleLevel("secrets", "error")), List.of());

    assertThat(ConsoleSummary.lines(report)).containsExactly(
        "paas:check dev app:1@sha256:aaaabbbbcccc: PASSED — 0 errors, 0 warnings, 0 waived",
        "  secrets  error  no findings",
        "  not run (off in the policy, or nothing to check): base-inheritance, base-signature, "
            + "non-root, setuid, world-writable, base-tamper, "
            + "privileged-runtime, vulnerabilities");
  }
}
