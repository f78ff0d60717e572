package dev.paas.core.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.finding.Location;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.CheckReport.RuleLevel;
import dev.paas.core.check.verdict.ReportedFinding;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

  @Test
  void showsTheVerdictCountsErrorsWithAdviceWarningsAndNotes() {
    assertThat(
            ConsoleSummary.lines(
                List.of(SampleReports.prod()), Set.of("setuid", "base-tamper"), TODAY))
        .containsExactly(
            "paas:check prod registry.example/team/app:1.4@sha256:aaaabbbbcccc: FAILED — 3 errors, "
                + "2 warnings, 1 waived",
            "  base-inheritance    error  no findings",
            "  base-signature      warn   1 warning",
            "  non-root            error  1 error",
            "  secrets             error  1 error, 1 waived",
            "  world-writable      warn   1 warning",
            "  privileged-runtime  error  1 error",
            "  not run — off in the policy: setuid, base-tamper; nothing to check: vulnerabilities "
                + "(no advisories: set <vulnerabilityDb>)",
            "Errors:",
            "  non-root — Runs as a non-root user",
            "    config User: The image runs as root (uid 0)",
            "      id User; to accept it, add to {setting:waivers}: <waiver><rule>non-root</rule><id>User"
                + "</id><reason>TODO: why this finding is acceptable</reason><expires>2027-01-03"
                + "</expires></waiver>",
            "    Advice: Set the image's user (<user> in paas-maven-plugin's configuration, <container><user> with Jib) to a numeric uid or a user the image defines with a "
                + "non-zero uid",
            "  secrets — No embedded secrets",
            "    layer 4 (sha256:0123456789ab) /app/config/application.properties:12: An AWS secret "
                + "access key",
            "      id aws-key; to accept it, add to {setting:waivers}: <waiver><rule>secrets</rule><id>"
                + "aws-key</id><reason>TODO: why this finding is acceptable</reason><expires>2027-01-03"
                + "</expires></waiver>",
            "    Advice: Remove the secret from the image (and rotate it): inject it at run time from the "
                + "platform's secret store; if it is not a secret, paste the <waiver> shown with it",
            "  privileged-runtime — No privileged runtime",
            "    k8s/deploy.yaml:12:9: The pod asks for privileged mode",
            "      id k8s/deploy.yaml; to accept it, add to {setting:waivers}: <waiver><rule>"
                + "privileged-runtime</rule><id>k8s/deploy.yaml</id><reason>TODO: why this finding is "
                + "acceptable</reason><expires>2027-01-03</expires></waiver>",
            "    Advice: Remove the setting from the descriptor; run as a non-root user without extra "
                + "capabilities",
            "Warnings:",
            "  base-signature: image: The base's digest carries no cosign signature (id unsigned)",
            "  world-writable: layer 5 (sha256:fedcba987654) /tmp/cache: World-writable directory "
                + "(id /tmp/cache)",
            "Notes:",
            "  The waiver of secrets test-key expires on 2027-01-31");
  }

  @Test
  void givesAdviceOncePerRuleAndCapsLongWarningLists() {
    List<ReportedFinding> findings = new ArrayList<>();
    for (String key : List.of("A", "B")) {
      findings.add(
          SampleReports.finding(
              "secrets", key, "error", "Key " + key, Location.inConfig("Env " + key), false, ""));
    }
    IntStream.range(0, 25)
        .forEach(
            i ->
                findings.add(
                    SampleReports.finding(
                        "world-writable",
                        "f" + i,
                        "warn",
                        "World-writable file",
                        Location.inLayer(2, SampleReports.LAYER_4, "/data/f" + i, 0),
                        false,
                        "")));
    var report =
        new CheckReport(
            "image",
            "app@sha256:0123",
            "sha256:0123",
            findings,
            List.of(new RuleLevel("secrets", "error"), new RuleLevel("world-writable", "warn")),
            List.of());

    List<String> lines = ConsoleSummary.lines(report);

    assertThat(lines.get(0))
        .isEqualTo("paas:check image app@sha256:0123: FAILED — 2 errors, 25 warnings, 0 waived");
    assertThat(lines).filteredOn(l -> l.startsWith("    Advice:")).hasSize(1);
    assertThat(lines)
        .filteredOn(l -> l.startsWith("  world-writable: "))
        .hasSize(ConsoleSummary.MAX_WARNINGS);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("  … and 5 more in target/paas/reports/image.json");
  }

  @Test
  void aCleanImagePassesInOneGlance() {
    var report =
        new CheckReport(
            "dev",
            "app:1",
            SampleReports.DIGEST,
            List.of(),
            List.of(new RuleLevel("secrets", "error")),
            List.of());

    assertThat(
            ConsoleSummary.lines(
                List.of(report), Set.of("non-root", "setuid", "world-writable"), TODAY))
        .containsExactly(
            "paas:check dev app:1@sha256:aaaabbbbcccc: PASSED — 0 errors, 0 warnings, 0 waived",
            "  secrets  error  no findings",
            "  not run — off in the policy: non-root, setuid, world-writable; nothing to check: "
                + "base-inheritance, base-signature (the policy has no publicKey), base-tamper, "
                + "privileged-runtime (no project directory), vulnerabilities (no advisories: set "
                + "<vulnerabilityDb>)");
  }

  @Test
  void aFindingOfASharedLayerIsListedOnceWithTheImagesItIsIn() {
    ReportedFinding shared =
        SampleReports.finding(
            "secrets",
            "aws-key",
            "error",
            "An AWS secret access key",
            Location.inLayer(4, SampleReports.LAYER_4, "/app/resources/application.properties", 2),
            false,
            "");
    ReportedFinding onlyTest =
        SampleReports.finding(
            "setuid",
            "/opt/agent/run",
            "error",
            "A setuid file",
            Location.inLayer(7, SampleReports.LAYER_5, "/opt/agent/run", 0),
            false,
            "");
    List<RuleLevel> rules =
        List.of(new RuleLevel("secrets", "error"), new RuleLevel("setuid", "error"));
    var test =
        new CheckReport(
            "test",
            "app:1-test",
            SampleReports.DIGEST,
            List.of(shared, onlyTest),
            rules,
            List.of("a note"));
    var prod =
        new CheckReport(
            "prod", "app:1-prod", SampleReports.DIGEST, List.of(shared), rules, List.of("a note"));

    List<String> lines = ConsoleSummary.lines(List.of(test, prod), Set.of(), TODAY);

    assertThat(lines)
        .contains(
            "paas:check: FAILED — 2 errors in 2 images (test, prod), 0 warnings, 0 waived",
            "    [test, prod] layer 4 (sha256:0123456789ab) /app/resources/application.properties:2: "
                + "An AWS secret access key",
            "    [test] layer 7 (sha256:fedcba987654) /opt/agent/run: A setuid file");
    assertThat(lines)
        .filteredOn(l -> l.contains("<waiver><rule>secrets</rule><id>aws-key</id>"))
        .hasSize(1);
    assertThat(lines).filteredOn(l -> l.contains("<waiver><rule>")).hasSize(2);
    assertThat(lines).filteredOn("  a note"::equals).hasSize(1);
    // Each image keeps its own verdict line, with its own counts.
    assertThat(lines)
        .contains(
            "paas:check test app:1-test@sha256:aaaabbbbcccc: FAILED — 2 errors, 0 warnings, 0 waived",
            "paas:check prod app:1-prod@sha256:aaaabbbbcccc: FAILED — 1 error, 0 warnings, 0 waived");
  }

  @Test
  void aMandatoryRulesFindingOffersNoWaiverAndIdsAreEscaped() {
    var report =
        new CheckReport(
            "prod",
            "app:1",
            SampleReports.DIGEST,
            List.of(
                SampleReports.finding(
                    "base-inheritance",
                    "base",
                    "error",
                    "Not on an official base",
                    Location.image(),
                    false,
                    ""),
                SampleReports.finding(
                    "world-writable",
                    "/a</id><x>",
                    "error",
                    "World-writable",
                    Location.image(),
                    false,
                    "")),
            List.of(
                new RuleLevel("base-inheritance", "error"),
                new RuleLevel("world-writable", "error")),
            List.of());

    List<String> lines = ConsoleSummary.lines(List.of(report), Set.of(), TODAY);

    assertThat(lines)
        .contains("      id base (rule base-inheritance is mandatory: it cannot be waived)");
    assertThat(lines).anyMatch(l -> l.contains("<id>/a&lt;/id&gt;&lt;x&gt;</id>"));
  }
}
