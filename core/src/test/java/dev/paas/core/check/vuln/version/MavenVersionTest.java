package dev.paas.core.check.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MavenVersionTest {
  private final MavenVersion maven = new MavenVersion();

  @Test
  void qualifiersInMavensDocumentedOrder() {
    assertAscending(List.of("1-alpha", "1-beta", "1-milestone", "1-rc", "1-snapshot", "1", "1-sp"));
    assertEqual("1-rc", "1-cr");
    assertEqual("1", "1-ga");
    assertEqual("1", "1-final");
    assertEqual("1", "1.0");
    assertEqual("1", "1.0.0");
    assertEqual("1-a1", "1-alpha-1");
    assertEqual("1-b2", "1-beta-2");
    assertEqual("1-m3", "1-milestone-3");
    assertEqual("1.0-SNAPSHOT", "1.0-snapshot");
  }

  @Test
  void numbersAsNumbers() {
    assertAscending(List.of("1.9", "1.10.0"));
    assertAscending(List.of("2.12.7", "2.12.7.1"));
    assertAscending(List.of("2.17.0", "2.17.1", "2.17.2", "2.18.0"));
    assertAscending(List.of("5.3.9", "5.3.18", "5.3.39", "6.0.0-M1", "6.0.0-RC1", "6.0.0"));
    assertAscending(List.of("9.4.9.v20180320", "9.4.10.v20180503", "9.4.51.v20230217"));
  }

  /** The qualifier order of Maven's own ComparableVersionTest (VERSIONS_QUALIFIER). */
  @Test
  void comparableVersionTestQualifiers() {
    assertAscending(
        List.of(
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123"));
  }

  @Test
  void oddInputIsOrderedWithoutFailing() {
    assertThat(maven.compare(null, "")).isZero();
    assertThat(maven.compare("", "1")).isNegative();
    assertThat(maven.compare("$%&", "$%&")).isZero();
    assertThat(maven.compare("1.99999999999999999999999", "1.2")).isPositive();
  }

  private void assertAscending(List<String> versions) {
    for (int i = 0; i < versions.size(); i++) {
      for (int j = i + 1; j < versions.size(); j++) {
        assertThat(maven.compare(versions.get(i), versions.get(j)))
            .as(versions.get(i) + " < " + versions.get(j))
            .isNegative();
        assertThat(maven.compare(versions.get(j), versions.get(i)))
            .as(versions.get(j) + " > " + versions.get(i))
            .isPositive();
      }
    }
  }

  private void assertEqual(String a, String b) {
    assertThat(maven.compare(a, b)).as(a + " = " + b).isZero();
    assertThat(maven.compare(b, a)).as(b + " = " + a).isZero();
  }
}
