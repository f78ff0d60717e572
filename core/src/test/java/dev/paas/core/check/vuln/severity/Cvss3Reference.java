package dev.paas.core.check.vuln.severity;

import java.util.Map;

/**
 * FIRST's CVSS v3.0 and v3.1 base score formulas (specification v3.1, section 7.1 and appendix A),
 * written out: the reference the calculator {@link Cvss3} uses is checked against.
 */
final class Cvss3Reference {

  private Cvss3Reference() {}

  /** The base score of checked metrics; {@code v31} picks v3.1's Roundup over v3.0's. */
  static double baseScore(Map<String, String> m, boolean v31) {
    boolean changed = m.get("S").equals("C");
    double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability =
        8.22
            * attackVector(m.get("AV"))
            * attackComplexity(m.get("AC"))
            * privilegesRequired(m.get("PR"), changed)
            * userInteraction(m.get("UI"));
    if (impact <= 0) {
      return 0.0;
    }
    double raw =
        changed
            ? Math.min(1.08 * (impact + exploitability), 10)
            : Math.min(impact + exploitability, 10);
    return v31 ? roundUp31(raw) : roundUp30(raw);
  }

  /**
   * v3.1's Roundup: the smallest number with one decimal that is not below the input, computed on
   * an integer so that e.g. 4.000000000000001 rounds to 4.0.
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
