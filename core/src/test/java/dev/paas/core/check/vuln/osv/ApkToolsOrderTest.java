package dev.paas.core.check.vuln.osv;

import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.advisory;
import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.image;
import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.os;
import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alpine's ranges are ordered as the image's own apk-tools orders versions. */
class ApkToolsOrderTest {
  private final AdvisoryMatcher matcher = new AdvisoryMatcher(VersionSchemes::forEcosystem);

  private static AdvisoryDb sudo(String release) throws Exception {
    return AdvisoryDb.of(
        List.of(
            advisory(
                """
        {"id": "ALPINE-CVE-2021-3156", "affected": [
          {"package": {"ecosystem": "Alpine:%s", "name": "sudo"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.9.5p2-r0"}]}]}]}"""
                    .formatted(release))));
  }

  private static ImagePackage sudo() {
    return pkg(Kind.APK, "sudo", "1.9.5p1-r1", "sudo", "");
  }

  private static ImagePackage apkTools(String version) {
    return pkg(Kind.APK, "apk-tools", version, "apk-tools", "");
  }

  @Test
  void apkTools2ReadsTheDigitAfterTheLetterSoTheUnfixedSudoMatches() throws Exception {
    assertThat(
            matcher.match(
                image(os("alpine", "3.13.5"), apkTools("2.12.7-r0"), sudo()), sudo("v3.13")))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.pkg().installed().name()).isEqualTo("sudo");
              assertThat(m.fixedVersion()).contains("1.9.5p2-r0");
            });
  }

  @Test
  void apkTools3FindsBothVersionsEqualSoItsImageHasNoMatch() throws Exception {
    assertThat(
            matcher.match(
                image(os("alpine", "3.13.5"), apkTools("3.0.3-r1"), sudo()), sudo("v3.13")))
        .isEmpty();
  }

  @Test
  void withoutApkToolsTheReleaseDecides() throws Exception {
    assertThat(matcher.match(image(os("alpine", "3.22.1"), sudo()), sudo("v3.22"))).hasSize(1);
    assertThat(matcher.match(image(os("alpine", "3.23.0"), sudo()), sudo("v3.23"))).isEmpty();
  }

  @Test
  void theImagesApkToolsIsTheSchemeForAlpineOnly() {
    var image = image(os("alpine", "3.20.0"), apkTools("2.14.4-r1"));
    assertThat(matcher.scheme("Alpine:v3.20", image)).contains(VersionSchemes.APK_2);
    assertThat(matcher.scheme("Alpine:v3.23", image)).contains(VersionSchemes.APK_2);
    assertThat(matcher.scheme("Maven", image)).contains(VersionSchemes.MAVEN);
    assertThat(matcher.scheme("Alpine:v3.20", image(os("alpine", "3.20.0"), apkTools("3.0.0-r0"))))
        .contains(VersionSchemes.APK_3);
  }
}
