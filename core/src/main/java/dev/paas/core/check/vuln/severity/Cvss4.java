package dev.paas.core.check.vuln.severity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CVSS v4.0 score, ported from FIRST's reference calculator ({@code cvss40.js} of
 * github.com/RedHatProductSecurity/cvss-v4-calculator, the code behind FIRST's calculator): the
 * vector's MacroVector (six equivalence classes EQ1-EQ6) is looked up in FIRST's table, then
 * lowered by the mean, over the EQs that have a lower MacroVector, of the score gap to that lower
 * MacroVector times the vector's severity distance from the MacroVector's highest-severity vectors,
 * relative to the MacroVector's depth; rounded half up to one decimal.
 */
final class Cvss4 {

  /** Base metrics, in the specification's order. */
  static final List<String> MANDATORY =
      List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");

  /** Every metric a v4.0 vector may carry, with its allowed values. */
  static final Map<String, List<String>> METRICS = metrics();

  /** FIRST's score of the highest-severity vector of each MacroVector (EQ1..EQ6 digits). */
  private static final Map<String, Double> LOOKUP = lookup();

  /**
   * Each metric value's level, for the severity distance between vectors (cvss40.js METRIC_LEVELS).
   */
  private static final Map<String, Map<String, Double>> LEVELS = levels();

  /** The metrics the severity distance is summed over, in the reference's order. */
  private static final List<String> DISTANCE_METRICS =
      List.of(
          "AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR", "E");

  private static final double STEP = 0.1;

  private Cvss4() {}

  /**
   * The score of checked metrics (absent ones are Not Defined): with only the base metrics, the
   * CVSS-B base score; with threat or environmental metrics, CVSS-BT/BE/BTE as FIRST's calculator
   * gives it.
   */
  static double score(Map<String, String> metrics) {
    Vector v = new Vector(metrics);
    if (List.of("VC", "VI", "VA", "SC", "SI", "SA").stream().allMatch(m -> v.get(m).equals("N"))) {
      return 0.0;
    }
    int eq1 = v.eq1();
    int eq2 = v.eq2();
    int eq3 = v.eq3();
    int eq4 = v.eq4();
    int eq5 = v.eq5();
    int eq6 = v.eq6();
    double value = lookup(eq1, eq2, eq3, eq4, eq5, eq6);

    // the next lower MacroVector of each EQ, NaN where there is none
    double lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
    double lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
    double lowerEq3eq6;
    if (eq3 == 1 && eq6 == 1) {
      lowerEq3eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    } else if (eq3 == 0 && eq6 == 1) {
      lowerEq3eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    } else if (eq3 == 1 && eq6 == 0) {
      lowerEq3eq6 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    } else if (eq3 == 0 && eq6 == 0) {
      // two paths down: the higher of the two (Math.max, NaN if either is missing, as in
      // JavaScript)
      double left = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
      double right = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
      lowerEq3eq6 = Math.max(left, right);
    } else {
      lowerEq3eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1);
    }
    double lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
    double lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

    // the first highest-severity vector of the MacroVector that the vector does not exceed
    Map<String, Double> distances = null;
    for (String max : maxVectors(eq1, eq2, eq3, eq4, eq5, eq6)) {
      Map<String, Double> d = distances(v, parseMax(max));
      if (d.values().stream().allMatch(x -> x >= 0)) {
        distances = d;
        break;
      }
    }
    if (distances == null) {
      // cannot happen for a valid vector: the reference would fail the same way
      throw new IllegalStateException(
          "no highest-severity vector found for MacroVector " + eq1 + eq2 + eq3 + eq4 + eq5 + eq6);
    }
    double distanceEq1 = distances.get("AV") + distances.get("PR") + distances.get("UI");
    double distanceEq2 = distances.get("AC") + distances.get("AT");
    double distanceEq3eq6 =
        distances.get("VC")
            + distances.get("VI")
            + distances.get("VA")
            + distances.get("CR")
            + distances.get("IR")
            + distances.get("AR");
    double distanceEq4 = distances.get("SC") + distances.get("SI") + distances.get("SA");

    double availableEq1 = value - lowerEq1;
    double availableEq2 = value - lowerEq2;
    double availableEq3eq6 = value - lowerEq3eq6;
    double availableEq4 = value - lowerEq4;
    double availableEq5 = value - lowerEq5;

    double maxSeverityEq1 = new int[] {1, 4, 5}[eq1] * STEP;
    double maxSeverityEq2 = new int[] {1, 2}[eq2] * STEP;
    double maxSeverityEq3eq6 = (eq3 == 0 ? (eq6 == 0 ? 7 : 6) : eq3 == 1 ? 8 : 10) * STEP;
    double maxSeverityEq4 = new int[] {6, 5, 4}[eq4] * STEP;

    int existingLower = 0;
    double normalizedEq1 = 0;
    double normalizedEq2 = 0;
    double normalizedEq3eq6 = 0;
    double normalizedEq4 = 0;
    double normalizedEq5 = 0;
    if (!Double.isNaN(availableEq1)) {
      existingLower++;
      normalizedEq1 = availableEq1 * (distanceEq1 / maxSeverityEq1);
    }
    if (!Double.isNaN(availableEq2)) {
      existingLower++;
      normalizedEq2 = availableEq2 * (distanceEq2 / maxSeverityEq2);
    }
    if (!Double.isNaN(availableEq3eq6)) {
      existingLower++;
      normalizedEq3eq6 = availableEq3eq6 * (distanceEq3eq6 / maxSeverityEq3eq6);
    }
    if (!Double.isNaN(availableEq4)) {
      existingLower++;
      normalizedEq4 = availableEq4 * (distanceEq4 / maxSeverityEq4);
    }
    if (!Double.isNaN(availableEq5)) {
      // EQ5 has no severity distance within a MacroVector: its proportion is always 0
      existingLower++;
      normalizedEq5 = availableEq5 * 0;
    }
    double meanDistance =
        existingLower == 0
            ? 0
            : (normalizedEq1 + normalizedEq2 + normalizedEq3eq6 + normalizedEq4 + normalizedEq5)
                / existingLower;
    return roundHalfUp(Math.max(0, Math.min(10, value - meanDistance)));
  }

  /**
   * One decimal, half up: JavaScript's {@code Math.round(value * 10) / 10}, as the reference
   * rounds.
   */
  static double roundHalfUp(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
    Double score = LOOKUP.get("" + eq1 + eq2 + eq3 + eq4 + eq5 + eq6);
    return score == null ? Double.NaN : score;
  }

  /**
   * The highest-severity vectors of the MacroVector, in the reference's order (cvss40.js
   * MAX_COMPOSED).
   */
  private static List<String> maxVectors(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
    List<String> eq1Max =
        switch (eq1) {
          case 0 -> List.of("AV:N/PR:N/UI:N/");
          case 1 -> List.of("AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/");
          default -> List.of("AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/");
        };
    List<String> eq2Max = eq2 == 0 ? List.of("AC:L/AT:N/") : List.of("AC:H/AT:N/", "AC:L/AT:P/");
    List<String> eq3Max;
    if (eq3 == 0) {
      eq3Max =
          eq6 == 0
              ? List.of("VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/")
              : List.of("VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/");
    } else if (eq3 == 1) {
      eq3Max =
          eq6 == 0
              ? List.of("VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/")
              : List.of(
                  "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/",
                  "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
                  "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/",
                  "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
                  "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/");
    } else {
      eq3Max = List.of("VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/");
    }
    String eq4Max =
        switch (eq4) {
          case 0 -> "SC:H/SI:S/SA:S/";
          case 1 -> "SC:H/SI:H/SA:H/";
          default -> "SC:L/SI:L/SA:L/";
        };
    String eq5Max =
        switch (eq5) {
          case 0 -> "E:A/";
          case 1 -> "E:P/";
          default -> "E:U/";
        };
    List<String> vectors = new ArrayList<>();
    for (String a : eq1Max) {
      for (String b : eq2Max) {
        for (String c : eq3Max) {
          vectors.add(a + b + c + eq4Max + eq5Max);
        }
      }
    }
    return vectors;
  }

  private static Map<String, String> parseMax(String max) {
    Map<String, String> values = new HashMap<>();
    for (String part : max.split("/")) {
      int colon = part.indexOf(':');
      values.put(part.substring(0, colon), part.substring(colon + 1));
    }
    return values;
  }

  private static Map<String, Double> distances(Vector v, Map<String, String> max) {
    Map<String, Double> distances = new HashMap<>();
    for (String metric : DISTANCE_METRICS) {
      Map<String, Double> levels = LEVELS.get(metric);
      distances.put(metric, levels.get(v.get(metric)) - levels.get(max.get(metric)));
    }
    return distances;
  }

  /**
   * A vector's effective values: modified metrics override base ones, and E, CR, IR, AR default to
   * the worst case.
   */
  private record Vector(Map<String, String> metrics) {
    String get(String metric) {
      String selected = metrics.getOrDefault(metric, "X");
      if (selected.equals("X")) {
        switch (metric) {
          case "E":
            return "A";
          case "CR", "IR", "AR":
            return "H";
          default:
            break;
        }
      }
      String modified = metrics.get("M" + metric);
      if (modified != null && !modified.equals("X")) {
        return modified;
      }
      return selected;
    }

    int eq1() {
      String av = get("AV");
      String pr = get("PR");
      String ui = get("UI");
      if (av.equals("N") && pr.equals("N") && ui.equals("N")) {
        return 0;
      }
      if ((av.equals("N") || pr.equals("N") || ui.equals("N")) && !av.equals("P")) {
        return 1;
      }
      return 2;
    }

    int eq2() {
      return get("AC").equals("L") && get("AT").equals("N") ? 0 : 1;
    }

    int eq3() {
      String vc = get("VC");
      String vi = get("VI");
      String va = get("VA");
      if (vc.equals("H") && vi.equals("H")) {
        return 0;
      }
      if (vc.equals("H") || vi.equals("H") || va.equals("H")) {
        return 1;
      }
      return 2;
    }

    int eq4() {
      if (get("MSI").equals("S") || get("MSA").equals("S")) {
        return 0;
      }
      if (get("SC").equals("H") || get("SI").equals("H") || get("SA").equals("H")) {
        return 1;
      }
      return 2;
    }

    int eq5() {
      return switch (get("E")) {
        case "A" -> 0;
        case "P" -> 1;
        default -> 2;
      };
    }

    int eq6() {
      boolean high =
          (get("CR").equals("H") && get("VC").equals("H"))
              || (get("IR").equals("H") && get("VI").equals("H"))
              || (get("AR").equals("H") && get("VA").equals("H"));
      return high ? 0 : 1;
    }
  }

  private static Map<String, List<String>> metrics() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("AV", List.of("N", "A", "L", "P"));
    m.put("AC", List.of("L", "H"));
    m.put("AT", List.of("N", "P"));
    m.put("PR", List.of("N", "L", "H"));
    m.put("UI", List.of("N", "P", "A"));
    m.put("VC", List.of("H", "L", "N"));
    m.put("VI", List.of("H", "L", "N"));
    m.put("VA", List.of("H", "L", "N"));
    m.put("SC", List.of("H", "L", "N"));
    m.put("SI", List.of("H", "L", "N"));
    m.put("SA", List.of("H", "L", "N"));
    m.put("E", List.of("X", "A", "P", "U"));
    m.put("CR", List.of("X", "H", "M", "L"));
    m.put("IR", List.of("X", "H", "M", "L"));
    m.put("AR", List.of("X", "H", "M", "L"));
    m.put("MAV", List.of("X", "N", "A", "L", "P"));
    m.put("MAC", List.of("X", "L", "H"));
    m.put("MAT", List.of("X", "N", "P"));
    m.put("MPR", List.of("X", "N", "L", "H"));
    m.put("MUI", List.of("X", "N", "P", "A"));
    m.put("MVC", List.of("X", "H", "L", "N"));
    m.put("MVI", List.of("X", "H", "L", "N"));
    m.put("MVA", List.of("X", "H", "L", "N"));
    m.put("MSC", List.of("X", "H", "L", "N"));
    m.put("MSI", List.of("X", "S", "H", "L", "N"));
    m.put("MSA", List.of("X", "S", "H", "L", "N"));
    m.put("S", List.of("X", "N", "P"));
    m.put("AU", List.of("X", "N", "Y"));
    m.put("R", List.of("X", "A", "U", "I"));
    m.put("V", List.of("X", "D", "C"));
    m.put("RE", List.of("X", "L", "M", "H"));
    m.put("U", List.of("X", "Clear", "Green", "Amber", "Red"));
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Map<String, Double>> levels() {
    Map<String, Map<String, Double>> m = new HashMap<>();
    m.put("AV", Map.of("N", 0.0, "A", 0.1, "L", 0.2, "P", 0.3));
    m.put("PR", Map.of("N", 0.0, "L", 0.1, "H", 0.2));
    m.put("UI", Map.of("N", 0.0, "P", 0.1, "A", 0.2));
    m.put("AC", Map.of("L", 0.0, "H", 0.1));
    m.put("AT", Map.of("N", 0.0, "P", 0.1));
    m.put("VC", Map.of("H", 0.0, "L", 0.1, "N", 0.2));
    m.put("VI", Map.of("H", 0.0, "L", 0.1, "N", 0.2));
    m.put("VA", Map.of("H", 0.0, "L", 0.1, "N", 0.2));
    m.put("SC", Map.of("H", 0.1, "L", 0.2, "N", 0.3));
    m.put("SI", Map.of("S", 0.0, "H", 0.1, "L", 0.2, "N", 0.3));
    m.put("SA", Map.of("S", 0.0, "H", 0.1, "L", 0.2, "N", 0.3));
    m.put("CR", Map.of("H", 0.0, "M", 0.1, "L", 0.2));
    m.put("IR", Map.of("H", 0.0, "M", 0.1, "L", 0.2));
    m.put("AR", Map.of("H", 0.0, "M", 0.1, "L", 0.2));
    m.put("E", Map.of("U", 0.2, "P", 0.1, "A", 0.0));
    return Map.copyOf(m);
  }

  private static Map<String, Double> lookup() {
    String table =
        "000000=10 000001=9.9 000010=9.8 000011=9.5 000020=9.5 000021=9.2 000100=10 000101=9.6 000110=9.3 "
            + "000111=8.7 000120=9.1 000121=8.1 000200=9.3 000201=9 000210=8.9 000211=8 000220=8.1 000221=6.8 "
            + "001000=9.8 001001=9.5 001010=9.5 001011=9.2 001020=9 001021=8.4 001100=9.3 001101=9.2 001110=8.9 "
            + "001111=8.1 001120=8.1 001121=6.5 001200=8.8 001201=8 001210=7.8 001211=7 001220=6.9 001221=4.8 "
            + "002001=9.2 002011=8.2 002021=7.2 002101=7.9 002111=6.9 002121=5 002201=6.9 002211=5.5 002221=2.7 "
            + "010000=9.9 010001=9.7 010010=9.5 010011=9.2 010020=9.2 010021=8.5 010100=9.5 010101=9.1 010110=9 "
            + "010111=8.3 010120=8.4 010121=7.1 010200=9.2 010201=8.1 010210=8.2 010211=7.1 010220=7.2 010221=5.3 "
            + "011000=9.5 011001=9.3 011010=9.2 011011=8.5 011020=8.5 011021=7.3 011100=9.2 011101=8.2 011110=8 "
            + "011111=7.2 011120=7 011121=5.9 011200=8.4 011201=7 011210=7.1 011211=5.2 011220=5 011221=3 "
            + "012001=8.6 012011=7.5 012021=5.2 012101=7.1 012111=5.2 012121=2.9 012201=6.3 012211=2.9 012221=1.7 "
            + "100000=9.8 100001=9.5 100010=9.4 100011=8.7 100020=9.1 100021=8.1 100100=9.4 100101=8.9 100110=8.6 "
            + "100111=7.4 100120=7.7 100121=6.4 100200=8.7 100201=7.5 100210=7.4 100211=6.3 100220=6.3 100221=4.9 "
            + "101000=9.4 101001=8.9 101010=8.8 101011=7.7 101020=7.6 101021=6.7 101100=8.6 101101=7.6 101110=7.4 "
            + "101111=5.8 101120=5.9 101121=5 101200=7.2 101201=5.7 101210=5.7 101211=5.2 101220=5.2 101221=2.5 "
            + "102001=8.3 102011=7 102021=5.4 102101=6.5 102111=5.8 102121=2.6 102201=5.3 102211=2.1 102221=1.3 "
            + "110000=9.5 110001=9 110010=8.8 110011=7.6 110020=7.6 110021=7 110100=9 110101=7.7 110110=7.5 "
            + "110111=6.2 110120=6.1 110121=5.3 110200=7.7 110201=6.6 110210=6.8 110211=5.9 110220=5.2 110221=3 "
            + "111000=8.9 111001=7.8 111010=7.6 111011=6.7 111020=6.2 111021=5.8 111100=7.4 111101=5.9 111110=5.7 "
            + "111111=5.7 111120=4.7 111121=2.3 111200=6.1 111201=5.2 111210=5.7 111211=2.9 111220=2.4 111221=1.6 "
            + "112001=7.1 112011=5.9 112021=3 112101=5.8 112111=2.6 112121=1.5 112201=2.3 112211=1.3 112221=0.6 "
            + "200000=9.3 200001=8.7 200010=8.6 200011=7.2 200020=7.5 200021=5.8 200100=8.6 200101=7.4 200110=7.4 "
            + "200111=6.1 200120=5.6 200121=3.4 200200=7 200201=5.4 200210=5.2 200211=4 200220=4 200221=2.2 "
            + "201000=8.5 201001=7.5 201010=7.4 201011=5.5 201020=6.2 201021=5.1 201100=7.2 201101=5.7 201110=5.5 "
            + "201111=4.1 201120=4.6 201121=1.9 201200=5.3 201201=3.6 201210=3.4 201211=1.9 201220=1.9 201221=0.8 "
            + "202001=6.4 202011=5.1 202021=2 202101=4.7 202111=2.1 202121=1.1 202201=2.4 202211=0.9 202221=0.4 "
            + "210000=8.8 210001=7.5 210010=7.3 210011=5.3 210020=6 210021=5 210100=7.3 210101=5.5 210110=5.9 "
            + "210111=4 210120=4.1 210121=2 210200=5.4 210201=4.3 210210=4.5 210211=2.2 210220=2 210221=1.1 "
            + "211000=7.5 211001=5.5 211010=5.8 211011=4.5 211020=4 211021=2.1 211100=6.1 211101=5.1 211110=4.8 "
            + "211111=1.8 211120=2 211121=0.9 211200=4.6 211201=1.8 211210=1.7 211211=0.7 211220=0.8 211221=0.2 "
            + "212001=5.3 212011=2.4 212021=1.4 212101=2.4 212111=1.2 212121=0.5 212201=1 212211=0.3 212221=0.1 ";
    Map<String, Double> m = new HashMap<>();
    for (String entry : table.strip().split(" ")) {
      int eq = entry.indexOf('=');
      m.put(entry.substring(0, eq), Double.parseDouble(entry.substring(eq + 1)));
    }
    return Map.copyOf(m);
  }
}
