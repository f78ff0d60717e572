package dev.paas.core.check.vuln.severity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CVSS base scores from vector strings, and their qualitative rating.
 *
 * <p>{@code CVSS:3.0/...} and {@code CVSS:3.1/...} are scored with the v3 base formulas (their
 * Roundup: v3.1's, which avoids floating-point artefacts, and v3.0's plain round-up to one
 * decimal); {@code CVSS:4.0/...} with FIRST's MacroVector lookup table and severity-distance
 * interpolation. Only base metrics count toward the base score; temporal, threat, environmental and
 * supplemental metrics may appear in the vector and are checked, but do not change it. Metrics are
 * accepted in any order, but each at most once.
 */
public final class Cvss {

  private Cvss() {}

  /**
   * The base score, 0.0 to 10.0, of a CVSS v3.0, v3.1 or v4.0 vector.
   *
   * @throws IllegalArgumentException naming the vector and what is wrong with it: an unknown
   *     version, a missing mandatory metric, an unknown metric or value, a metric given twice
   */
  public static double baseScore(String vector) {
    if (vector == null || vector.isBlank()) {
      throw new IllegalArgumentException(
          "CVSS vector is empty: expected e.g. " + "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    }
    String v = vector.strip();
    if (v.startsWith("CVSS:3.0/") || v.equals("CVSS:3.0")) {
      return Cvss3.baseScore(parse(v, Cvss3.METRICS, Cvss3.MANDATORY), false);
    }
    if (v.startsWith("CVSS:3.1/") || v.equals("CVSS:3.1")) {
      return Cvss3.baseScore(parse(v, Cvss3.METRICS, Cvss3.MANDATORY), true);
    }
    if (v.startsWith("CVSS:4.0/") || v.equals("CVSS:4.0")) {
      Map<String, String> metrics = parse(v, Cvss4.METRICS, Cvss4.MANDATORY);
      metrics.keySet().retainAll(Cvss4.MANDATORY);
      return Cvss4.score(metrics);
    }
    int slash = v.indexOf('/');
    throw new IllegalArgumentException(
        "CVSS vector '"
            + vector
            + "': unknown version '"
            + (slash < 0 ? v : v.substring(0, slash))
            + "', expected CVSS:3.0, CVSS:3.1 or CVSS:4.0");
  }

  /**
   * The qualitative rating of a score: NONE (0.0), LOW (0.1-3.9), MEDIUM (4.0-6.9), HIGH (7.0-8.9)
   * or CRITICAL (9.0-10.0).
   *
   * @throws IllegalArgumentException for a score outside 0.0-10.0
   */
  public static String rating(double score) {
    if (!(score >= 0.0 && score <= 10.0)) {
      throw new IllegalArgumentException("CVSS score " + score + " is outside 0.0-10.0");
    }
    if (score == 0.0) {
      return "NONE";
    }
    if (score < 4.0) {
      return "LOW";
    }
    if (score < 7.0) {
      return "MEDIUM";
    }
    if (score < 9.0) {
      return "HIGH";
    }
    return "CRITICAL";
  }

  /**
   * The metrics of a vector ({@code prefix/KEY:VALUE/...}) by name, checked against the names and
   * values the version allows and its mandatory metrics. The order of the metrics is not checked.
   */
  static Map<String, String> parse(
      String vector, Map<String, List<String>> allowed, List<String> mandatory) {
    String[] parts = vector.split("/", -1);
    Map<String, String> metrics = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException(
            "CVSS vector '" + vector + "': '" + part + "' is not a metric, expected NAME:VALUE");
      }
      String name = part.substring(0, colon);
      String value = part.substring(colon + 1);
      List<String> values = allowed.get(name);
      if (values == null) {
        throw new IllegalArgumentException(
            "CVSS vector '"
                + vector
                + "': unknown metric '"
                + name
                + "', known are "
                + String.join(", ", allowed.keySet()));
      }
      if (!values.contains(value)) {
        throw new IllegalArgumentException(
            "CVSS vector '"
                + vector
                + "': unknown value '"
                + value
                + "' for metric "
                + name
                + ", expected one of "
                + String.join(", ", values));
      }
      if (metrics.put(name, value) != null) {
        throw new IllegalArgumentException(
            "CVSS vector '" + vector + "': metric " + name + " is given more than once");
      }
    }
    List<String> missing = mandatory.stream().filter(m -> !metrics.containsKey(m)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "CVSS vector '"
              + vector
              + "': missing mandatory metric"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing));
    }
    return metrics;
  }
}
