package dev.paas.core.check.vuln.severity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The calculator v3 scores come from agrees with FIRST's formulas on every base vector. */
class Cvss3ReferenceTest {

  @Test
  void everyBaseVectorScoresAsTheSpecificationSays() {
    List<Map<String, String>> all = new ArrayList<>();
    all.add(new LinkedHashMap<>());
    for (String metric : Cvss3.MANDATORY) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : all) {
        for (String value : Cvss3.METRICS.get(metric)) {
          Map<String, String> m = new LinkedHashMap<>(partial);
          m.put(metric, value);
          next.add(m);
        }
      }
      all = next;
    }
    assertThat(all).hasSize(2592);
    List<String> differ = new ArrayList<>();
    for (Map<String, String> m : all) {
      for (boolean v31 : new boolean[] {false, true}) {
        StringBuilder vector = new StringBuilder(v31 ? "CVSS:3.1" : "CVSS:3.0");
        m.forEach((k, v) -> vector.append('/').append(k).append(':').append(v));
        double expected = Cvss3Reference.baseScore(m, v31);
        double actual = Cvss.baseScore(vector.toString());
        if (actual != expected) {
          differ.add(vector + " = " + actual + ", the specification says " + expected);
        }
      }
    }
    assertThat(differ).isEmpty();
  }
}
