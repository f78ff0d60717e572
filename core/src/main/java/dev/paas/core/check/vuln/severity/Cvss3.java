package dev.paas.core.check.vuln.severity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CVSS v3.0 and v3.1 base score (specification v3.1, section 7.1 and appendix A), computed by
 * Dependency-Track's calculator ({@code us.springett:cvss-calculator}) once {@link Cvss} has
 * checked the vector against {@link #METRICS}; it agrees with FIRST's formulas on all 2,592 base
 * vectors of each version ({@code Cvss3ReferenceTest}).
 */
final class Cvss3 {

  /** Base metrics, in the specification's order. */
  static final List<String> MANDATORY = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

  /** Every metric a v3 vector may carry, with its allowed values. */
  static final Map<String, List<String>> METRICS = metrics();

  private Cvss3() {}

  private static Map<String, List<String>> metrics() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("AV", List.of("N", "A", "L", "P"));
    m.put("AC", List.of("L", "H"));
    m.put("PR", List.of("N", "L", "H"));
    m.put("UI", List.of("N", "R"));
    m.put("S", List.of("U", "C"));
    m.put("C", List.of("H", "L", "N"));
    m.put("I", List.of("H", "L", "N"));
    m.put("A", List.of("H", "L", "N"));
    m.put("E", List.of("X", "H", "F", "P", "U"));
    m.put("RL", List.of("X", "U", "W", "T", "O"));
    m.put("RC", List.of("X", "C", "R", "U"));
    m.put("CR", List.of("X", "H", "M", "L"));
    m.put("IR", List.of("X", "H", "M", "L"));
    m.put("AR", List.of("X", "H", "M", "L"));
    m.put("MAV", List.of("X", "N", "A", "L", "P"));
    m.put("MAC", List.of("X", "L", "H"));
    m.put("MPR", List.of("X", "N", "L", "H"));
    m.put("MUI", List.of("X", "N", "R"));
    m.put("MS", List.of("X", "U", "C"));
    m.put("MC", List.of("X", "H", "L", "N"));
    m.put("MI", List.of("X", "H", "L", "N"));
    m.put("MA", List.of("X", "H", "L", "N"));
    return Collections.unmodifiableMap(m);
  }

  /** The base score of checked metrics; {@code v31} picks v3.1's Roundup over v3.0's. */
  static double baseScore(Map<String, String> m, boolean v31) {
    // Only the base metrics, in the specification's order: the base score depends on nothing
    // else, and that is the form the calculator's parser reads.
    StringBuilder vector = new StringBuilder(v31 ? "CVSS:3.1" : "CVSS:3.0");
    for (String metric : MANDATORY) {
      vector.append('/').append(metric).append(':').append(m.get(metric));
    }
    // Named in full: this package has a Cvss of its own.
    us.springett.cvss.Cvss cvss = us.springett.cvss.Cvss.fromVector(vector.toString());
    if (cvss == null) {
      throw new IllegalStateException(
          "the CVSS calculator does not read the checked vector " + vector);
    }
    return cvss.calculateScore().getBaseScore();
  }
}
