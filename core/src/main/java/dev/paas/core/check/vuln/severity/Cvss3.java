package dev.paas.core.check.vuln.severity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CVSS v3.0 and v3.1 base score (specification v3.1, section 7.1 and appendix A). */
final class Cvss3 {

  /** Base metrics, in the specification's order. */
  static final List<String> MANDATORY = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

  /** Every metric a v3 vector may carry, with its allowed values. */
  static final Map<String, List<String>> METRICS = metrics();

  private Cvss3() {
  }

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
    boolean changed = m.get("S").equals("C");
    double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
    double impact = changed
        ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15)
        : 6.42 * iss;
    double exploitability = 8.22 * attackVector(m.get("AV")) * attackComplexity(m.get("AC"))
        * privilegesRequired(m.get("PR"), changed) * userInteraction(m.get("UI"));
    if (impact <= 0) {
      return 0.0;
    }
    double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
    return v31 ? roundUp31(raw) : roundUp30(raw);
  }

  /**
   * v3.1's Roundup: the smallest number with one decimal that is not below the input, computed
   * on an integer so that e.g. 4.000000000000001 rounds to 4.0.
   */
  static double roundUp31(double input) {
    long intInput = Math.round(input * 100000);
    if (intInput % 10000 == 0) {
      return intInput / 100000.0;
    }
    return (Math.floor(intInput / 10000.0) + 1) / 10.0;
  }

  /** v3.0's round-up to one decimal. */
  static double roundUp30(double input) {
    return Math.ceil(input * 10) / 10;
  }

  private static double attackVector(String v) {
    return switch (v) {
      case "N" -> 0.85;
      case "A" -> 0.62;
      case "L" -> 0.55;
      default -> 0.2;
    };
  }

  private static double attackComplexity(String v) {
    return v.equals("L") ? 0.77 : 0.44;
  }

  private static double privilegesRequired(String v, boolean scopeChanged) {
    return switch (v) {
      case "N" -> 0.85;
      case "L" -> scopeChanged ? 0.68 : 0.62;
      default -> scopeChanged ? 0.5 : 0.27;
    };
  }

  private static double userInteraction(String v) {
    return v.equals("N") ? 0.85 : 0.62;
  }

  private static double cia(String v) {
    return switch (v) {
      case "H" -> 0.56;
      case "L" -> 0.22;
      default -> 0;
    };
  }
}
