package dev.paas.core.check.vuln.severity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CvssTest {

  /** Published v3 base scores (NVD / FIRST calculator). */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N, 5.9",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1",
    "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L, 4.6",
    "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:L, 5.5",
    "CVSS:3.1/AV:A/AC:H/PR:N/UI:R/S:C/C:H/I:L/A:L, 7.0",
    "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N, 7.5",
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 8.8",
    "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H, 7.2",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H, 8.8",
    // scope changed: PR:L weighs 0.68 and PR:H 0.5 instead of 0.62 and 0.27
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N, 6.4",
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N, 5.4",
    "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H, 9.1",
    "CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:N, 4.8",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 8.8",
    "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H, 8.6",
    "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.0",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N, 5.3",
    "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 6.8",
    "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 8.8",
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N, 5.4",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N, 3.1",
    "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:N/A:N, 2.3",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H, 5.5",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N, 0.0",
    // temporal and environmental metrics are checked but leave the base score alone
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:P/RL:T/RC:U, 10.0",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:P/RL:X/RC:U/CR:M/IR:H/AR:X/MAV:A/MAC:L/MPR:L/MUI:R/MS:U/MC:L/MI:L/MA:X, 10.0",
    // metrics in another order
    "CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H, 9.8",
  })
  void v3BaseScores(String vector, double score) {
    assertThat(Cvss.baseScore(vector)).isEqualTo(score);
  }

  @Test
  void v31RoundupAvoidsFloatingPointArtefacts() {
    // the specification's own example: 4.000000000000001 is 4.0 in v3.1, 4.1 with a plain ceiling
    assertThat(Cvss3Reference.roundUp31(4.000000000000001)).isEqualTo(4.0);
    assertThat(Cvss3Reference.roundUp30(4.000000000000001)).isEqualTo(4.1);
    assertThat(Cvss3Reference.roundUp31(4.02)).isEqualTo(4.1);
    assertThat(Cvss3Reference.roundUp31(4.0)).isEqualTo(4.0);
    assertThat(Cvss3Reference.roundUp31(9.99)).isEqualTo(10.0);
    assertThat(Cvss3Reference.roundUp31(0.0)).isEqualTo(0.0);
  }

  /**
   * v4.0 base scores: FIRST's examples (first.org/cvss/v4.0/examples) and values of the reference
   * calculator; only base metrics, so CVSS-B.
   */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 10.0",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N, 0.0",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H, 7.9",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N, 6.9",
    "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N, 1.0",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L, 5.2",
    "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 7.3",
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 7.7",
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N, 8.3",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N, 4.6",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N, 5.1",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N, 6.9",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N, 5.9",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 9.4",
    "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:H, 6.4",
    "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 8.6",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N, 7.1",
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N, 8.2",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L, 8.7",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N, 5.1",
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 7.7",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N, 8.3",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 8.5",
    "CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 5.4",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N, 8.7",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N, 6.9",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N, 6.9",
    // supplemental metrics never change the score
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I, 9.3",
    "CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I, 8.7",
    "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N/S:P/V:D, 8.3",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/S:P/AU:Y/V:C/RE:L, 9.4",
    "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/S:P, 8.6",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/V:C, 8.7",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P, 8.5",
    // E:A is the default: explicit or not, the same score
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:A, 8.7",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A, 10.0",
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A, 9.2",
  })
  void v4BaseScores(String vector, double score) {
    assertThat(Cvss.baseScore(vector)).isEqualTo(score);
  }

  /**
   * With threat and environmental metrics the full v4.0 score, as FIRST's examples publish it; the
   * base score of the same vectors ignores them (where a published base score is known).
   */
  @ParameterizedTest(name = "{0} = {1} (base {2})")
  @CsvSource({
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U, 5.2, 7.7",
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/MVC:H/MVI:L/MVA:L, 8.1, 8.3",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L/E:U, 6.6, 8.7",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:U, 5.6, 8.3",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:L/IR:H/AR:L/MAV:L/MAC:H/MAT:N/MPR:N/MUI:N/MVC:N/MVI:H/MVA:L/MSC:N/MSI:S/MSA:L, 7.0, 9.4",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MAV:A/MAC:H/MAT:N/MPR:L/MUI:N/MVC:L/MVI:H/MVA:H/MSC:L/MSI:S/MSA:S/CR:L/IR:H/AR:H/E:P, 7.4, 9.4",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MAV:N/MAC:H/MAT:N/MPR:L/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:H/CR:M/IR:H/AR:M/E:P, 8.7, 9.4",
    "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/MSI:S/S:P, 9.7, 8.6",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U, 9.1, 10.0",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S, 9.8, 10.0",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L/E:P/CR:H/IR:M/AR:H/MAV:A/MAT:P/MPR:N/MVI:H/MVA:N/MSI:H/MSA:N/S:N/V:C/U:Amber, 4.7, 5.2",
    "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:N/VC:N/VI:N/VA:H/SC:H/SI:H/SA:H/CR:L/IR:L/AR:L, 5.8, ",
  })
  void v4ThreatAndEnvironmentalScores(String vector, double full, Double base) {
    assertThat(Cvss4.score(Cvss.parse(vector, Cvss4.METRICS, Cvss4.MANDATORY))).isEqualTo(full);
    if (base != null) {
      assertThat(Cvss.baseScore(vector)).isEqualTo(base);
    }
  }

  @Test
  void malformedVectorsAreRejectedWithTheReason() {
    String v31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H";
    assertThatThrownBy(() -> Cvss.baseScore(v31))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CVSS vector '" + v31 + "': missing mandatory metric A");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:3.1/AV:N"))
        .hasMessage(
            "CVSS vector 'CVSS:3.1/AV:N': missing mandatory metrics AC, PR, UI, S, C, I, A");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:3.1/AV:J/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L"))
        .hasMessage(
            "CVSS vector 'CVSS:3.1/AV:J/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L': unknown value 'J' for "
                + "metric AV, expected one of N, A, L, P");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L/XX:X"))
        .hasMessageStartingWith(
            "CVSS vector 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L/XX:X': unknown metric 'XX'");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:3.1/AV:N/AV:L/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L"))
        .hasMessageEndingWith("metric AV is given more than once");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L/"))
        .hasMessageEndingWith("'' is not a metric, expected NAME:VALUE");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:3.1/AV/AC:H"))
        .hasMessageEndingWith("'AV' is not a metric, expected NAME:VALUE");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"))
        .hasMessage(
            "CVSS vector 'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P': unknown version 'CVSS:2.0', "
                + "expected CVSS:3.0, CVSS:3.1 or CVSS:4.0");
    assertThatThrownBy(() -> Cvss.baseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P"))
        .hasMessageContaining("unknown version 'AV:N'");
    assertThatThrownBy(() -> Cvss.baseScore(" ")).hasMessageStartingWith("CVSS vector is empty");
    assertThatThrownBy(() -> Cvss.baseScore(null)).hasMessageStartingWith("CVSS vector is empty");
    assertThatThrownBy(
            () -> Cvss.baseScore("CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N"))
        .hasMessageContaining("unknown value 'F' for metric AV");
    assertThatThrownBy(
            () -> Cvss.baseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N"))
        .hasMessageContaining("unknown metric 'ui'");
    assertThatThrownBy(
            () -> Cvss.baseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N"))
        .hasMessageEndingWith("missing mandatory metric VA");
    assertThatThrownBy(
            () -> Cvss.baseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N"))
        .as("S is only a value of the modified MSI")
        .hasMessageContaining("unknown value 'S' for metric SI");
    assertThatThrownBy(() -> Cvss.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N"))
        .hasMessageContaining("unknown metric 'AT'");
  }

  @Test
  void ratings() {
    assertThat(Cvss.rating(0.0)).isEqualTo("NONE");
    assertThat(Cvss.rating(0.1)).isEqualTo("LOW");
    assertThat(Cvss.rating(3.9)).isEqualTo("LOW");
    assertThat(Cvss.rating(4.0)).isEqualTo("MEDIUM");
    assertThat(Cvss.rating(6.9)).isEqualTo("MEDIUM");
    assertThat(Cvss.rating(7.0)).isEqualTo("HIGH");
    assertThat(Cvss.rating(8.9)).isEqualTo("HIGH");
    assertThat(Cvss.rating(9.0)).isEqualTo("CRITICAL");
    assertThat(Cvss.rating(10.0)).isEqualTo("CRITICAL");
    assertThat(Cvss.rating(Cvss.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")))
        .isEqualTo("CRITICAL");
    assertThatThrownBy(() -> Cvss.rating(10.1)).hasMessage("CVSS score 10.1 is outside 0.0-10.0");
    assertThatThrownBy(() -> Cvss.rating(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cvss.rating(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
