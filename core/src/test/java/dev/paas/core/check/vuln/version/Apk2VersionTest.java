package dev.paas.core.check.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Apk2VersionTest {
  private final Apk2Version apk = new Apk2Version();

  /**
   * Pairs that apk-tools 2.x and 3.x order differently: {a, b, 2.x's sign, 3.x's sign}. The first
   * two are the sudo and openssh-style versions whose fix a 3.x order would miss on Alpine 3.22.
   */
  static final List<String[]> WHERE_2_AND_3_DIFFER =
      List.of(
          new String[] {"1.9.5p1-r1", "1.9.5p2-r1", "-1", "0"},
          new String[] {"6.0.2p1-r0", "6.0.2p1-r1", "-1", "0"},
          new String[] {"9.3p1-r3", "9.3p2-r0", "-1", "0"},
          new String[] {"1.09", "1.010", "-1", "1"},
          new String[] {"1.0-x", "1.0", "1", "-1"},
          new String[] {"1.2.3~abc1-r0", "1.2.3~abc2-r0", "0", "-1"});

  @Test
  void agreesWithApkToolsVersionData() throws Exception {
    assertThat(ApkVersionData.disagreements(apk)).isEmpty();
  }

  @Test
  void aDigitAfterTheLetterIsAFurtherNumber() {
    for (String[] pair : WHERE_2_AND_3_DIFFER) {
      int expected = Integer.parseInt(pair[2]);
      assertThat(Integer.signum(apk.compare(pair[0], pair[1])))
          .as(pair[0] + " vs " + pair[1])
          .isEqualTo(expected);
      assertThat(Integer.signum(apk.compare(pair[1], pair[0])))
          .as(pair[1] + " vs " + pair[0])
          .isEqualTo(-expected);
    }
  }

  @Test
  void ordersAlpinePackagesAsApkTools2() {
    List<String> ordered =
        List.of(
            "1.0_alpha",
            "1.0_alpha2",
            "1.0_beta",
            "1.0_pre1",
            "1.0_rc1",
            "1.0",
            "1.0-r1",
            "1.0_cvs",
            "1.0_svn",
            "1.0_git20240101",
            "1.0_hg",
            "1.0_p1",
            "1.0_p2",
            "1.0a",
            "1.0a1",
            "1.0a2-r0",
            "1.0a2-r1",
            "1.0b",
            "1.0.1",
            "1.01.1",
            "1.1",
            "1.1.0");
    for (int i = 0; i < ordered.size(); i++) {
      for (int j = 0; j < ordered.size(); j++) {
        assertThat(Integer.signum(apk.compare(ordered.get(i), ordered.get(j))))
            .as(ordered.get(i) + " vs " + ordered.get(j))
            .isEqualTo(Integer.compare(i, j));
      }
    }
    assertThat(apk.compare("1.0.0_pre20191002222144-r0", "1.0.0_pre20210530193627-r0"))
        .isNegative();
  }

  @Test
  void oddInputIsOrderedWithoutFailing() {
    assertThat(apk.compare(null, null)).isZero();
    assertThat(apk.compare("", "1")).isNegative();
    assertThat(apk.compare("abc", "xyz"))
        .as("2.x reads a letter where the number is missing")
        .isNegative();
    assertThat(apk.compare("1.0_foo", "1.0")).isNegative();
    assertThat(apk.compare("1.99999999999999999999999", "1.2")).isNotNull();
  }
}
