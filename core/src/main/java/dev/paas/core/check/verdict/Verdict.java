package dev.paas.core.check.verdict;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.platform.Policy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives the rules' findings their level from the policy and applies the team's waivers: the one
 * place that decides whether an image passes.
 */
public final class Verdict {
  private Verdict() {}

  /**
   * The report for one image.
   *
   * @param findings each rule that ran, with what it found (rules that are off are absent)
   */
  public static CheckReport judge(
      String name,
      String image,
      String digest,
      Map<String, List<Finding>> findings,
      Policy policy,
      List<Waiver> waivers,
      LocalDate today) {
    List<ReportedFinding> reported = new ArrayList<>();
    List<CheckReport.RuleLevel> rules = new ArrayList<>();
    Set<Waiver> used = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (String rule : RuleCatalogue.IDS) {
      Policy.Level level = RuleCatalogue.level(policy, rule);
      if (level == Policy.Level.OFF || !findings.containsKey(rule)) {
        continue;
      }
      String severity = level == Policy.Level.ERROR ? "error" : "warn";
      rules.add(new CheckReport.RuleLevel(rule, severity));
      for (Finding finding : findings.get(rule)) {
        boolean waived = false;
        String reason = "";
        for (Waiver waiver : waivers) {
          if (waiver.covers(finding)) {
            used.add(waiver);
            if (waiver.inForce(today)) {
              waived = true;
              reason = waiver.reason();
            } else {
              notes.add(
                  "Waiver "
                      + waiver.describe()
                      + " has expired: it no longer applies to "
                      + finding.location()
                      + "; fix the finding or renew the waiver");
            }
          }
        }
        // a vulnerability below the policy's threshold is reported, not failed
        String findingLevel =
            finding.advisory().filter(a -> !a.reaches(policy.severity())).isPresent()
                ? "warn"
                : severity;
        reported.add(
            new ReportedFinding(
                rule,
                finding.id(),
                findingLevel,
                finding.message(),
                finding.location(),
                finding.fingerprint(),
                waived,
                reason,
                finding.advisory()));
      }
    }
    for (Waiver waiver : waivers) {
      if (!used.contains(waiver)) {
        notes.add(
            "Waiver "
                + waiver.describe()
                + (waiver.inForce(today) ? "" : " has expired and")
                + " matches no finding of "
                + name
                + ": remove it if no other image needs it");
      }
    }
    return new CheckReport(name, image, digest, reported, rules, notes);
  }
}
