package dev.paas.core.check.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApkVersionTest {
  private final ApkVersion apk = new ApkVersion();

  @Test
  void agreesWithApkToolsVersionData() throws Exception {
    assertThat(ApkVersionData.disagreements(apk)).isEmpty();
  }

  @Test
  void aDigitAfterTheLetterTurnsTheVersionMalformedAsInApkTools3() {
    for (String[] pair : Apk2VersionTest.WHERE_2_AND_3_DIFFER) {
      int expected = Integer.parseInt(pair[3]);
      assertThat(Integer.signum(apk.compare(pair[0], pair[1])))
          .as(pair[0] + " vs " + pair[1])
          .isEqualTo(expected);
      assertThat(Integer.signum(apk.compare(pair[1], pair[0])))
          .as(pair[1] + " vs " + pair[0])
          .isEqualTo(-expected);
    }
  }

  @Test
  void suffixesSortAroundTheRelease() {
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
            "1.0.1",
            "1.1");
    for (int i = 0; i + 1 < ordered.size(); i++) {
      assertThat(apk.compare(ordered.get(i), ordered.get(i + 1)))
          .as(ordered.get(i) + " < " + ordered.get(i + 1))
          .isNegative();
    }
    assertThat(apk.compare("3.3.2-r0", "3.3.2-r10")).isNegative();
    assertThat(apk.compare("1.36.1-r29", "1.36.1-r30")).isNegative();
    assertThat(apk.compare("3.0.15-r0", "3.0.15-r0")).isZero();
    assertThat(apk.compare("1.2.3~abc1-r0", "1.2.3~abc2-r0")).isNegative();
  }

  @Test
  void oddInputIsOrderedWithoutFailing() {
    assertThat(apk.compare(null, null)).isZero();
    assertThat(apk.compare("", "1")).isNegative();
    assertThat(apk.compare("abc", "xyz")).isZero();
    assertThat(apk.compare("1.0-x", "1.0-y")).isZero();
    assertThat(apk.compare("1.0_foo", "1.0")).isNegative();
    assertThat(apk.compare("1.99999999999999999999999", "1.2")).isNotNull();
  }
}
