package dev.paas.core.check.report;

import dev.paas.core.Setting;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.rules.RuleInfo;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.CheckReport.RuleLevel;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.platform.Policy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code paas:check} prints: each image's verdict and counts per rule, then what to fix and
 * how, each finding once with the images it is in, its id and a {@code <waiver>} to paste.
 */
public final class ConsoleSummary {
  /** How many warnings are shown before the rest is left to the JSON report. */
  static final int MAX_WARNINGS = 20;

  /** How long a pasted waiver lasts unless the team edits its {@code <expires>}. */
  public static final int WAIVER_DAYS = 30;

  /** The reason a pasted waiver carries until the team writes its own. */
  public static final String WAIVER_REASON = "TODO: why this finding is acceptable";

  private ConsoleSummary() {}

  /** One image's summary, without colours (CI logs show escape codes as they are). */
  public static List<String> lines(CheckReport report) {
    return lines(List.of(report), Set.of(), LocalDate.now());
  }

  /**
   * The summary of every image checked in one build.
   *
   * @param offInPolicy the rules the policy turns off (the others that did not run had nothing to
   *     check)
   * @param today the day the check runs: pasted waivers expire {@link #WAIVER_DAYS} later
   */
  public static List<String> lines(
      List<CheckReport> reports, Set<String> offInPolicy, LocalDate today) {
    List<String> lines = new ArrayList<>();
    Set<String> notRun = new LinkedHashSet<>();
    for (CheckReport report : reports) {
      lines.addAll(verdict(report));
      notRun.add(notRun(report, offInPolicy));
    }
    notRun.stream().filter(s -> !s.isEmpty()).forEach(lines::add);
    boolean several = reports.size() > 1;
    List<FindingGroups.Group> errors = FindingGroups.of(reports, ReportedFinding::failsBuild);
    List<FindingGroups.Group> warnings =
        FindingGroups.of(reports, f -> !f.waived() && !"error".equals(f.severity()));
    if (several) {
      long waived = FindingGroups.of(reports, ReportedFinding::waived).size();
      boolean passed = reports.stream().allMatch(CheckReport::passed);
      lines.add(
          "paas:check: "
              + (passed ? "PASSED" : "FAILED")
              + " — "
              + Rules.count(errors.size(), "error")
              + " in "
              + Rules.count(reports.size(), "image")
              + " ("
              + reports.stream().map(CheckReport::name).collect(Collectors.joining(", "))
              + "), "
              + Rules.count(warnings.size(), "warning")
              + ", "
              + waived
              + " waived");
    }
    if (!errors.isEmpty()) {
      lines.add("Errors:");
      for (String rule : rulesOf(errors)) {
        var info = Rules.info(rule);
        lines.add("  " + rule + info.map(i -> " — " + i.title()).orElse(""));
        for (FindingGroups.Group group : errors) {
          ReportedFinding f = group.finding();
          if (f.rule().equals(rule)) {
            lines.add("    " + where(group, several) + f.location().text() + ": " + f.message());
            lines.add("      " + waiverAdvice(f, today));
          }
        }
        info.ifPresent(i -> lines.add("    Advice: " + i.advice()));
      }
    }
    if (!warnings.isEmpty()) {
      lines.add("Warnings:");
      warnings.stream()
          .limit(MAX_WARNINGS)
          .forEach(
              g ->
                  lines.add(
                      "  "
                          + g.finding().rule()
                          + ": "
                          + where(g, several)
                          + g.finding().location().text()
                          + ": "
                          + g.finding().message()
                          + " (id "
                          + g.finding().id()
                          + ")"));
      if (warnings.size() > MAX_WARNINGS) {
        lines.add(
            "  … and "
                + (warnings.size() - MAX_WARNINGS)
                + " more in target/paas/reports/"
                + reports.stream().map(r -> r.name() + ".json").collect(Collectors.joining(", ")));
      }
    }
    Set<String> notes = new LinkedHashSet<>();
    reports.forEach(r -> notes.addAll(r.notes()));
    if (!notes.isEmpty()) {
      lines.add("Notes:");
      notes.forEach(note -> lines.add("  " + note));
    }
    return lines;
  }

  /**
   * The {@code <waiver>} that accepts a finding, ready to paste into the build's waivers: a
   * placeholder reason and an expiry {@link #WAIVER_DAYS} days from {@code today}.
   */
  public static String waiver(ReportedFinding finding, LocalDate today) {
    return "<waiver><rule>"
        + finding.rule()
        + "</rule><id>"
        + xml(finding.id())
        + "</id><reason>"
        + WAIVER_REASON
        + "</reason><expires>"
        + today.plusDays(WAIVER_DAYS)
        + "</expires></waiver>";
  }

  private static String waiverAdvice(ReportedFinding finding, LocalDate today) {
    if (RuleCatalogue.MANDATORY.contains(finding.rule())) {
      return "id "
          + finding.id()
          + " (rule "
          + finding.rule()
          + " is mandatory: it cannot be waived)";
    }
    return "id "
        + finding.id()
        + "; to accept it, add to "
        + Setting.WAIVERS.named()
        + ": "
        + waiver(finding, today);
  }

  // Which images a finding is in, when more than one image was checked.
  private static String where(FindingGroups.Group group, boolean several) {
    return several ? "[" + String.join(", ", group.images()) + "] " : "";
  }

  private static List<String> rulesOf(List<FindingGroups.Group> groups) {
    Set<String> rules =
        groups.stream()
            .map(g -> g.finding().rule())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> ordered = new ArrayList<>();
    RuleCatalogue.ALL.stream().map(RuleInfo::id).filter(rules::contains).forEach(ordered::add);
    rules.stream().filter(r -> !ordered.contains(r)).forEach(ordered::add);
    return ordered;
  }

  private static List<String> verdict(CheckReport report) {
    List<ReportedFinding> findings = report.findings();
    long errors = findings.stream().filter(ReportedFinding::failsBuild).count();
    long warnings =
        findings.stream().filter(f -> !f.waived() && !"error".equals(f.severity())).count();
    long waived = findings.stream().filter(ReportedFinding::waived).count();
    List<String> lines = new ArrayList<>();
    lines.add(
        "paas:check "
            + report.name()
            + " "
            + imageAt(report)
            + ": "
            + (report.passed() ? "PASSED" : "FAILED")
            + " — "
            + Rules.count(errors, "error")
            + ", "
            + Rules.count(warnings, "warning")
            + ", "
            + waived
            + " waived");
    List<RuleLevel> ran = Rules.ran(report);
    int width = ran.stream().mapToInt(r -> r.rule().length()).max().orElse(0);
    for (RuleLevel rule : ran) {
      lines.add(
          "  "
              + pad(rule.rule(), width)
              + "  "
              + pad(rule.level(), 5)
              + "  "
              + counts(Rules.findings(report, rule.rule())));
    }
    return lines;
  }

  // The rules that did not run, and why: the policy turned them off, or there was nothing to check.
  private static String notRun(CheckReport report, Set<String> offInPolicy) {
    List<RuleInfo> off = Rules.off(report);
    if (off.isEmpty()) {
      return "";
    }
    List<String> policy = off.stream().map(RuleInfo::id).filter(offInPolicy::contains).toList();
    List<String> nothing =
        off.stream()
            .map(RuleInfo::id)
            .filter(r -> !offInPolicy.contains(r))
            .map(
                r ->
                    r
                        + Rules.info(r)
                            .map(RuleInfo::notRunBecause)
                            .filter(why -> !why.isEmpty())
                            .map(why -> " (" + why + ")")
                            .orElse(""))
            .toList();
    List<String> parts = new ArrayList<>();
    if (!policy.isEmpty()) {
      parts.add("off in the policy: " + String.join(", ", policy));
    }
    if (!nothing.isEmpty()) {
      parts.add("nothing to check: " + String.join(", ", nothing));
    }
    return "  not run — " + String.join("; ", parts);
  }

  private static String counts(List<ReportedFinding> findings) {
    long errors = findings.stream().filter(ReportedFinding::failsBuild).count();
    long warnings =
        findings.stream().filter(f -> !f.waived() && !"error".equals(f.severity())).count();
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
    return parts.isEmpty()
        ? "no findings"
        : String.join(", ", parts) + (severities.isEmpty() ? "" : " (" + severities + ")");
  }

  /** For vulnerabilities: how many of each severity, highest first, e.g. "1 CRITICAL, 3 LOW". */
  private static String severities(List<ReportedFinding> findings) {
    Map<String, Long> counts = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (Policy.Severity s : Policy.Severity.values()) {
      order.add(0, s.name());
    }
    order.add("UNKNOWN");
    order.forEach(s -> counts.put(s, 0L));
    boolean any = false;
    for (ReportedFinding f : findings) {
      if (f.advisory().isPresent()) {
        any = true;
        counts.merge(
            f.advisory().get().severity().map(Enum::name).orElse("UNKNOWN"), 1L, Long::sum);
      }
    }
    return !any
        ? ""
        : counts.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
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

  // An id comes from the image: it must not close the element it is pasted into.
  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
