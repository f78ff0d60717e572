package dev.paas.core.check.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionSchemesTest {
  @Test
  void osvEcosystemsMapToTheirOrder() {
    assertThat(VersionSchemes.forEcosystem("Debian:12")).contains(VersionSchemes.DPKG);
    assertThat(VersionSchemes.forEcosystem("Debian:11")).contains(VersionSchemes.DPKG);
    assertThat(VersionSchemes.forEcosystem("Ubuntu:22.04:LTS")).contains(VersionSchemes.DPKG);
    assertThat(VersionSchemes.forEcosystem("Ubuntu:Pro:18.04:LTS")).contains(VersionSchemes.DPKG);
    assertThat(VersionSchemes.forEcosystem("Alpine:v3.20")).contains(VersionSchemes.APK_2);
    assertThat(VersionSchemes.forEcosystem("Red Hat:enterprise_linux:9::appstream"))
        .contains(VersionSchemes.RPM);
    assertThat(VersionSchemes.forEcosystem("Rocky Linux:9")).contains(VersionSchemes.RPM);
    assertThat(VersionSchemes.forEcosystem("AlmaLinux:8")).contains(VersionSchemes.RPM);
    assertThat(VersionSchemes.forEcosystem("openSUSE:Leap 15.5")).contains(VersionSchemes.RPM);
    assertThat(VersionSchemes.forEcosystem("SUSE:Linux Enterprise Server 15 SP5"))
        .contains(VersionSchemes.RPM);
    assertThat(VersionSchemes.forEcosystem("Maven")).contains(VersionSchemes.MAVEN);
  }

  @Test
  void otherEcosystemsHaveNoKnownOrder() {
    assertThat(VersionSchemes.forEcosystem("npm")).isEmpty();
    assertThat(VersionSchemes.forEcosystem("PyPI")).isEmpty();
    assertThat(VersionSchemes.forEcosystem("Go")).isEmpty();
    assertThat(VersionSchemes.forEcosystem("Wolfi")).isEmpty();
    assertThat(VersionSchemes.forEcosystem("debian:12"))
        .as("OSV names are case-sensitive")
        .isEmpty();
    assertThat(VersionSchemes.forEcosystem("")).isEmpty();
    assertThat(VersionSchemes.forEcosystem(null)).isEmpty();
  }

  @Test
  void eachSchemeOrdersItsOwnEcosystemsVersions() {
    assertThat(VersionSchemes.DPKG.compare("1.0~rc1", "1.0")).isNegative();
    assertThat(VersionSchemes.RPM.compare("1.0^git1", "1.0")).isPositive();
    assertThat(VersionSchemes.APK_3.compare("1.0_rc1", "1.0")).isNegative();
    assertThat(VersionSchemes.MAVEN.compare("1.0-rc1", "1.0")).isNegative();
  }

  @Test
  void alpineReleasesUseTheirApkToolsOrder() {
    assertThat(VersionSchemes.forEcosystem("Alpine:v3.19")).contains(VersionSchemes.APK_2);
    assertThat(VersionSchemes.forEcosystem("Alpine:v3.22")).contains(VersionSchemes.APK_2);
    assertThat(VersionSchemes.forEcosystem("Alpine:v3.23")).contains(VersionSchemes.APK_3);
    assertThat(VersionSchemes.forEcosystem("Alpine:v4.0")).contains(VersionSchemes.APK_3);
    assertThat(VersionSchemes.forEcosystem("Alpine")).contains(VersionSchemes.APK_2);
    assertThat(VersionSchemes.forEcosystem("Alpine:edge")).contains(VersionSchemes.APK_2);
    assertThat(VersionSchemes.forApkTools("2.14.4-r1")).contains(VersionSchemes.APK_2);
    assertThat(VersionSchemes.forApkTools("3.0.3-r1")).contains(VersionSchemes.APK_3);
    assertThat(VersionSchemes.forApkTools("")).isEmpty();
    assertThat(VersionSchemes.forApkTools("x")).isEmpty();
  }
}
