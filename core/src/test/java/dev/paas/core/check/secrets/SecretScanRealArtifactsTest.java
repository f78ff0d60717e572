package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The false-positive corpus of real artifacts: the jars of a typical Spring Boot application and
 * this machine's Debian + JDK ({@code /usr/lib/jvm}, {@code /etc}, {@code /usr/share}, what the
 * official base is made of) must yield no finding. A finding is printed with the rule kind that
 * made it, so the rule can be fixed.
 */
class SecretScanRealArtifactsTest {

  @Test
  void findsNothingInTheJarsOfASpringBootApplication() {
    RealArtifacts.Scan scan = RealArtifacts.springBootJars();

    assertThat(scan.files())
        .anyMatch(j -> j.getFileName().toString().startsWith("spring-boot-actuator-"))
        .anyMatch(j -> j.getFileName().toString().startsWith("spring-data-jpa-"))
        .anyMatch(j -> j.getFileName().toString().startsWith("HdrHistogram-2.2.2"))
        .anyMatch(j -> j.getFileName().toString().startsWith("h2-"));
    scan.matches()
        .forEach(m -> System.out.println("false positive of rule kind " + m.kind() + ": " + m));
    assertThat(scan.matches()).isEmpty();
  }

  @Test
  void findsNothingInTheDebianAndJdkOfThisMachine() {
    RealArtifacts.Scan scan = RealArtifacts.debianAndJdk();

    scan.matches()
        .forEach(m -> System.out.println("false positive of rule kind " + m.kind() + ": " + m));
    System.out.println(
        scan.files().size() + " files of this machine scanned in " + scan.millis() + " ms");
    assertThat(scan.files()).hasSizeGreaterThan(10_000);
    assertThat(scan.matches()).isEmpty();
    assertThat(scan.millis())
        .as("the scan of this machine's files stays bounded")
        .isLessThan(300_000);
  }
}
