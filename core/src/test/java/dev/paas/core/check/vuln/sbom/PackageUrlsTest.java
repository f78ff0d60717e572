package dev.paas.core.check.vuln.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.packageurl.PackageURL;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.InstalledPackage.Kind;
import dev.paas.core.inventory.OsRelease;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Compared with the purl spec's own examples, parsed and canonicalized by the purl library. */
class PackageUrlsTest {
  private static final Optional<OsRelease> DEBIAN =
      Optional.of(
          new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", List.of()));
  private static final Optional<OsRelease> UBUNTU =
      Optional.of(
          new OsRelease("ubuntu", "22.04", "jammy", "Ubuntu 22.04.4 LTS", List.of("debian")));
  private static final Optional<OsRelease> ALPINE =
      Optional.of(new OsRelease("alpine", "3.19.1", "", "Alpine Linux v3.19", List.of()));
  private static final Optional<OsRelease> RHEL =
      Optional.of(
          new OsRelease(
              "rhel", "9.4", "", "Red Hat Enterprise Linux 9.4 (Plow)", List.of("fedora")));
  private static final Optional<OsRelease> FEDORA =
      Optional.of(new OsRelease("fedora", "25", "", "Fedora 25", List.of()));

  @Test
  void debianPackagesAreDebWithTheOsAsNamespaceAndDistro() throws Exception {
    // spec: pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie
    assertSame(
        PackageUrls.of(pkg(Kind.DPKG, "curl", "7.50.3-1", "i386"), DEBIAN),
        "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=debian-12");
    assertThat(PackageUrls.of(pkg(Kind.DPKG, "curl", "7.88.1-10", "amd64"), DEBIAN))
        .isEqualTo("pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12");
    assertThat(PackageUrls.of(pkg(Kind.DPKG, "libssl3", "3.0.2-0ubuntu1.15", "amd64"), UBUNTU))
        .isEqualTo("pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04");
  }

  @Test
  void aDebianVersionKeepsItsEpochAndItsPlusIsEncoded() throws Exception {
    String purl =
        PackageUrls.of(pkg(Kind.DPKG, "perl-base", "1:5.36.0-7+deb12u1", "amd64"), DEBIAN);

    assertThat(new PackageURL(purl).getVersion()).isEqualTo("1:5.36.0-7+deb12u1");
    assertThat(purl).startsWith("pkg:deb/debian/perl-base@").contains("%2B");
  }

  @Test
  void debianTestingHasNoVersionSoItsCodenameIsTheDistro() {
    Optional<OsRelease> trixie =
        Optional.of(
            new OsRelease("debian", "", "trixie", "Debian GNU/Linux trixie/sid", List.of()));

    assertThat(PackageUrls.of(pkg(Kind.DPKG, "curl", "8.5.0-2", "arm64"), trixie))
        .isEqualTo("pkg:deb/debian/curl@8.5.0-2?arch=arm64&distro=debian-trixie");
  }

  @Test
  void alpinePackagesAreApk() throws Exception {
    // spec: pkg:apk/alpine/curl@7.83.0-r0?arch=x86
    assertSame(
        PackageUrls.of(pkg(Kind.APK, "curl", "7.83.0-r0", "x86"), Optional.empty()),
        "pkg:apk/alpine/curl@7.83.0-r0?arch=x86");
    assertThat(PackageUrls.of(pkg(Kind.APK, "musl", "1.2.4_git20230717-r4", "x86_64"), ALPINE))
        .isEqualTo("pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1");
  }

  @Test
  void rpmPackagesMoveTheEpochToAQualifier() throws Exception {
    // spec: pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25
    assertSame(
        PackageUrls.of(pkg(Kind.RPM, "curl", "7.50.3-1.fc25", "i386"), FEDORA),
        "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25");
    // spec: pkg:rpm/centerim@4.22.10-1.el6?arch=i686&epoch=1&distro=fedora-25
    assertSame(
        PackageUrls.of(pkg(Kind.RPM, "centerim", "1:4.22.10-1.el6", "i686"), FEDORA),
        "pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&epoch=1&distro=fedora-25");
    assertThat(PackageUrls.of(pkg(Kind.RPM, "openssl-libs", "1:3.0.7-27.el9", "x86_64"), RHEL))
        .isEqualTo("pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1");
    assertThat(PackageUrls.of(pkg(Kind.RPM, "bash", "0:5.1.8-9.el9", "x86_64"), RHEL))
        .isEqualTo("pkg:rpm/rhel/bash@5.1.8-9.el9?arch=x86_64&distro=rhel-9.4");
  }

  @Test
  void javaLibrariesAreMavenWithTheGroupAsNamespace() throws Exception {
    // spec: pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1
    assertSame(
        PackageUrls.of(maven("org.apache.xmlgraphics:batik-anim", "1.9.1"), DEBIAN),
        "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1");
    assertThat(PackageUrls.of(maven(":foo-bar", "2.3.1"), DEBIAN))
        .isEqualTo("pkg:generic/foo-bar@2.3.1");
  }

  @Test
  void aNameThatCannotMakeAPurlSaysWhichAndWhere() {
    assertThatThrownBy(() -> PackageUrls.of(maven("com.example:", "1"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("com.example: 1 found in /app/app.jar");
  }

  private static void assertSame(String actual, String specExample) throws Exception {
    assertThat(actual).isEqualTo(new PackageURL(specExample).canonicalize());
  }

  private static InstalledPackage pkg(Kind kind, String name, String version, String arch) {
    return new InstalledPackage(
        kind, name, version, "", "", arch, "/var/lib/dpkg/status", "dpkg-status");
  }

  private static InstalledPackage maven(String name, String version) {
    return new InstalledPackage(
        Kind.MAVEN, name, version, "", "", "", "/app/app.jar", "pom.properties");
  }
}
