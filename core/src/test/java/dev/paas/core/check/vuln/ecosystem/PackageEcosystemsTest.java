package dev.paas.core.check.vuln.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.InstalledPackage.Kind;
import dev.paas.core.inventory.OsRelease;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackageEcosystemsTest {

  @Test
  void everyKindOfPackageHasOneEcosystem() {
    assertThat(PackageEcosystems.ALL)
        .extracting(PackageEcosystem::kind)
        .containsExactlyInAnyOrder(Kind.values());
    for (Kind kind : Kind.values()) {
      assertThat(PackageEcosystems.of(kind).kind()).isEqualTo(kind);
    }
  }

  @Test
  void eachOsvEcosystemBelongsToOneEcosystemOnly() {
    for (String osv :
        List.of(
            "Debian:12",
            "Ubuntu:22.04:LTS",
            "Alpine:v3.19",
            "Red Hat:enterprise_linux:9::appstream",
            "Rocky Linux:9",
            "AlmaLinux:9",
            "Maven")) {
      assertThat(PackageEcosystems.ALL).filteredOn(e -> e.key(osv).isPresent()).as(osv).hasSize(1);
    }
    assertThat(PackageEcosystems.ALL).filteredOn(e -> e.key("npm").isPresent()).isEmpty();
  }

  @Test
  void aPackageAndItsAdvisoriesMeetUnderOneKey() {
    Optional<OsRelease> debian =
        Optional.of(new OsRelease("debian", "12.5", "bookworm", "", List.of()));
    InstalledPackage libssl =
        new InstalledPackage(
            Kind.DPKG,
            "libssl3",
            "3.0.11-1~deb12u2",
            "openssl",
            "3.0.11-1~deb12u2",
            "amd64",
            "/var/lib/dpkg/status",
            "dpkg-status");
    PackageEcosystem dpkg = PackageEcosystems.of(Kind.DPKG);

    assertThat(dpkg.key(debian)).contains(PackageEcosystems.key("Debian:12"));
    assertThat(dpkg.advisoryName(libssl)).isEqualTo("openssl");
    assertThat(dpkg.matchedAs(libssl)).isEqualTo(" (source openssl 3.0.11-1~deb12u2)");
    assertThat(PackageEcosystems.of(Kind.RPM).matchedAs(libssl)).isEmpty();
  }
}
