package dev.paas.core.check.report;

import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The findings of several images, each once with the images it is in: a finding of a layer the test
 * and prod images share is one finding to fix or waive, not two.
 */
public final class FindingGroups {
  /**
   * One finding and the reports (environments) it appears in, in report order.
   *
   * @param finding the finding, as the first report that has it shows it
   * @param images the names of the reports that have it ({@code test}, {@code prod})
   */
  public record Group(ReportedFinding finding, List<String> images) {
    public Group {
      images = List.copyOf(images);
    }
  }

  private FindingGroups() {}

  /** The findings that {@code which} selects, grouped across reports, in first-seen order. */
  public static List<Group> of(List<CheckReport> reports, Predicate<ReportedFinding> which) {
    Map<List<String>, ReportedFinding> first = new LinkedHashMap<>();
    Map<List<String>, List<String>> images = new LinkedHashMap<>();
    for (CheckReport report : reports) {
      for (ReportedFinding finding : report.findings()) {
        if (!which.test(finding)) {
          continue;
        }
        // Same rule, same id, same fingerprint, same place: the same finding. The place matters
        // for a file copied into two environment layers, which must each be fixed.
        List<String> key =
            List.of(finding.rule(), finding.id(), finding.fingerprint(), finding.location().text());
        first.putIfAbsent(key, finding);
        List<String> in = images.computeIfAbsent(key, k -> new ArrayList<>());
        if (!in.contains(report.name())) {
          in.add(report.name());
        }
      }
    }
    List<Group> groups = new ArrayList<>();
    first.forEach((key, finding) -> groups.add(new Group(finding, images.get(key))));
    return groups;
  }
}
