package dev.paas.core.check.report;

import dev.paas.core.check.CheckReport;
import dev.paas.core.check.CheckReport.RuleLevel;
import dev.paas.core.check.ReportedFinding;
import dev.paas.core.check.RuleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What {@code paas:check} prints: the verdict, counts per rule, then what to fix and how. */
public final class ConsoleSummary {
  /** How many warnings are shown before the rest is left to the JSON report. */
  static final int MAX_WARNINGS = 20;

  private ConsoleSummary() {}

  /** The summary's lines, without colours (CI logs show escape codes as they are). */
  public static List<String> lines(CheckReport report) {
    List<ReportedFinding> findings = report.findings();
    long errors = findings.stream().filter(ReportedFinding::failsBuild).count();
    List<ReportedFinding> warnings = findings.stream()
        .filter(f -> !f.waived() && !"error".equals(f.severity())).toList();
    long waived = findings.stream().filter(ReportedFinding::waived).count();
    List<String> lines = new ArrayList<>();
    lines.add("paas:check " + report.name() + " " + imageAt(report) + ": "
        + (report.passed() ? "PASSED" : "FAILED") + " — " + Rules.count(errors, "error") + ", "
        + Rules.count(warnings.size(), "warning") + ", " + waived + " waived");
    List<RuleLevel> ran = Rules.ran(report);
    int width = ran.stream().mapToInt(r -> r.rule().length()).max().orElse(0);
    for (RuleLevel rule : ran) {
      lines.add("  " + pad(rule.rule(), width) + "  " + pad(rule.level(), 5) + "  "
          + counts(Rules.findings(report, rule.rule())));
    }
    List<RuleInfo> off = Rules.off(report);
    if (!off.isEmpty()) {
      lines.add("  not run (off in the policy, or nothing to check): "
          + off.stream().map(RuleInfo::id).collect(Collectors.joining(", ")));
    }
    if (errors > 0) {
      lines.add("Errors:");
      for (RuleLevel rule : ran) {
        List<ReportedFinding> failing =
            Rules.findings(report, rule.rule()).stream().filter(ReportedFinding::failsBuild).toList();
        if (failing.isEmpty()) {
          continue;
        }
        var info = Rules.info(rule.rule());
        lines.add("  " + rule.rule() + info.map(i -> " — " + i.title()).orElse(""));
        failing.forEach(f -> lines.add("    " + f.location().text() + ": " + f.message()));
        info.ifPresent(i -> lines.add("    Advice: " + i.advice()));
      }
    }
    if (!warnings.isEmpty()) {
      lines.add("Warnings:");
      warnings.stream().limit(MAX_WARNINGS).forEach(f ->
          lines.add("  " + f.rule() + ": " + f.location().text() + ": " + f.message()));
      if (warnings.size() > MAX_WARNINGS) {
        lines.add("  … and " + (warnings.size() - MAX_WARNINGS) + " more in target/paas/reports/"
            + report.name() + ".json");
      }
    }
    if (!report.notes().isEmpty()) {
      lines.add("Notes:");
      report.notes().forEach(note -> lines.add("  " + note));
    }
    return lines;
  }

  private static String counts(List<ReportedFinding> findings) {
    long errors = findings.stream().filter(ReportedFinding::failsBuild).count();
    long warnings = findings.stream().filter(f -> !f.waived() && !"error".equals(f.severity())).count();
    long waived = findings.stream().filter(ReportedFinding::waived).count();
    List<String> parts = new ArrayList<>();
    if (errors > 0) {
      parts.add(Rules.count(errors, "error"));
    }
    if (warnings > 0) {
      parts.add(Rules.count(warnings, "warning"));
    }
    if (waived > 0) {
      parts.add(waived + " waived");
    }
    String severities = severities(findings);
    return parts.isEmpty() ? "no findings"
        : String.join(", ", parts) + (severities.isEmpty() ? "" : " (" + severities + ")");
  }

  /** For vulnerabilities: how many of each severity, highest first, e.g. "1 CRITICAL, 3 LOW". */
  private static String severities(List<ReportedFinding> findings) {
    java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (dev.paas.core.platform.Policy.Severity s : dev.paas.core.platform.Policy.Severity.values()) {
      order.add(0, s.name());
    }
    order.add("UNKNOWN");
    order.forEach(s -> counts.put(s, 0L));
    boolean any = false;
    for (ReportedFinding f : findings) {
      if (f.advisory().isPresent()) {
        any = true;
        counts.merge(f.advisory().get().severity().map(Enum::name).orElse("UNKNOWN"), 1L, Long::sum);
      }
    }
    return !any ? "" : counts.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  // The digest, shortened as layers are shown, says which build was checked; a reference that
  // already names its digest is shown as it is.
  private static String imageAt(CheckReport report) {
    String digest = report.digest();
    if (report.image().contains("@") || digest.isEmpty()) {
      return report.image();
    }
    int colon = digest.indexOf(':');
    String shortDigest = digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    return report.image() + "@" + shortDigest;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
