package dev.paas.core.check.report;

import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.rules.RuleInfo;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.CheckReport.RuleLevel;
import dev.paas.core.check.verdict.ReportedFinding;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the views share about a report's rules: catalog order, the rules that were off, lookups. */
final class Rules {
  private Rules() {}

  /** The rules that ran, in catalog order (a rule the catalog does not know comes last). */
  static List<RuleLevel> ran(CheckReport report) {
    return report.rules().stream()
        .sorted(Comparator.comparingInt(r -> catalogIndex(r.rule())))
        .toList();
  }

  /** The catalog's rules that did not run: the policy turned them off. */
  static List<RuleInfo> off(CheckReport report) {
    Set<String> ran = report.rules().stream().map(RuleLevel::rule).collect(Collectors.toSet());
    return RuleCatalogue.ALL.stream().filter(r -> !ran.contains(r.id())).toList();
  }

  /** The catalog entry of a rule, if the catalog has it. */
  static Optional<RuleInfo> info(String rule) {
    return RuleCatalogue.find(rule);
  }

  /** A rule's findings, in report order. */
  static List<ReportedFinding> findings(CheckReport report, String rule) {
    return report.findings().stream().filter(f -> f.rule().equals(rule)).toList();
  }

  /** {@code 1 error}, {@code 2 errors}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static int catalogIndex(String rule) {
    int index = RuleCatalogue.IDS.indexOf(rule);
    return index < 0 ? Integer.MAX_VALUE : index;
  }
}
