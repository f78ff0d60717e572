package dev.paas.core.check.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.inventory.InstalledPackage.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EcosystemsTest {

  @Test
  void osvEcosystemsReduceToOneKeyPerRelease() {
    assertThat(Ecosystems.key("Maven")).isEqualTo("maven");
    assertThat(Ecosystems.key("Maven:https://maven.google.com")).isEqualTo("maven");
    assertThat(Ecosystems.key("Debian:12")).isEqualTo("debian:12");
    assertThat(Ecosystems.key("Alpine:v3.19")).isEqualTo("alpine:3.19");
    assertThat(Ecosystems.key("Ubuntu:22.04")).isEqualTo("ubuntu:22.04");
    assertThat(Ecosystems.key("Ubuntu:22.04:LTS")).isEqualTo("ubuntu:22.04");
    assertThat(Ecosystems.key("Ubuntu:Pro:22.04:LTS")).isEqualTo("ubuntu:22.04");
    assertThat(Ecosystems.key("Ubuntu:Pro:FIPS-updates:22.04:LTS")).isEqualTo("ubuntu:22.04");
    assertThat(Ecosystems.key("Red Hat:enterprise_linux:9::appstream")).isEqualTo("redhat:9");
    assertThat(Ecosystems.key("Red Hat:enterprise_linux:10::baseos")).isEqualTo("redhat:10");
    assertThat(Ecosystems.key("Red Hat:rhel_eus:9.2::appstream"))
        .isEqualTo("red hat:rhel_eus:9.2::appstream");
    assertThat(Ecosystems.key("Rocky Linux:9")).isEqualTo("rocky:9");
    assertThat(Ecosystems.key("AlmaLinux:9")).isEqualTo("almalinux:9");
    assertThat(Ecosystems.key("npm")).isEqualTo("npm");
    assertThat(Ecosystems.base("Red Hat:enterprise_linux:9::appstream")).isEqualTo("Red Hat");
    assertThat(Ecosystems.base("Maven")).isEqualTo("Maven");
  }

  @Test
  void imagePackagesGetTheKeyOfTheirRelease() {
    assertThat(Ecosystems.key(Kind.DPKG, AdvisoryMatcherTest.os("debian", "12")))
        .contains("debian:12");
    assertThat(Ecosystems.key(Kind.DPKG, AdvisoryMatcherTest.os("debian", ""))).isEmpty();
    assertThat(Ecosystems.key(Kind.DPKG, AdvisoryMatcherTest.os("ubuntu", "22.04")))
        .contains("ubuntu:22.04");
    assertThat(Ecosystems.key(Kind.APK, AdvisoryMatcherTest.os("alpine", "3.19.1")))
        .contains("alpine:3.19");
    assertThat(Ecosystems.key(Kind.RPM, AdvisoryMatcherTest.os("rhel", "9.4")))
        .contains("redhat:9");
    assertThat(Ecosystems.key(Kind.RPM, AdvisoryMatcherTest.os("centos", "9")))
        .contains("redhat:9");
    assertThat(Ecosystems.key(Kind.RPM, AdvisoryMatcherTest.os("rocky", "9.3")))
        .contains("rocky:9");
    assertThat(Ecosystems.key(Kind.RPM, AdvisoryMatcherTest.os("almalinux", "9.3")))
        .contains("almalinux:9");
    assertThat(Ecosystems.key(Kind.RPM, AdvisoryMatcherTest.os("debian", "12"))).isEmpty();
    assertThat(Ecosystems.key(Kind.MAVEN, Optional.empty())).contains("maven");
    assertThat(Ecosystems.key(Kind.DPKG, Optional.empty())).isEmpty();
  }
}
