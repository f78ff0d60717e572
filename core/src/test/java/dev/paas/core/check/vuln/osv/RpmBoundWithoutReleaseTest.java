package dev.paas.core.check.vuln.osv;

import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.advisory;
import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.image;
import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.os;
import static dev.paas.core.check.vuln.osv.AdvisoryMatcherTest.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.inventory.InstalledPackage.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An rpm advisory's bound without a release stands for every release of its version, as rpm's
 * dependency comparison reads {@code openssl-libs >= 3.0.7}: whole-EVR {@code rpmvercmp} would take
 * {@code 3.0.7} for older than {@code 3.0.7-27.el9} and so end a {@code last_affected} range one
 * release early.
 */
class RpmBoundWithoutReleaseTest {
  private final AdvisoryMatcher matcher = new AdvisoryMatcher(VersionSchemes::forEcosystem);

  private List<Match> match(String event, String version, String installed) throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "RLSA-2024:0002", "affected": [{"package": {"ecosystem": "Rocky Linux:9", "name": "openssl-libs"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"%s": "%s"}]}]}]}"""
                        .formatted(event, version))));
    return matcher.match(
        image(os("rocky", "9.3"), pkg(Kind.RPM, "openssl-libs", installed, "openssl", "")), db);
  }

  @Test
  void lastAffectedWithoutReleaseCoversEveryReleaseOfThatVersion() throws Exception {
    assertThat(match("last_affected", "1:3.0.7", "1:3.0.7-27.el9")).hasSize(1);
    assertThat(match("last_affected", "1:3.0.7", "1:3.0.8-1.el9")).isEmpty();
  }

  @Test
  void fixedWithoutReleaseIsMetByEveryReleaseOfThatVersion() throws Exception {
    assertThat(match("fixed", "1:3.0.7", "1:3.0.7-1.el9")).isEmpty();
    assertThat(match("fixed", "1:3.0.7", "1:3.0.6-9.el9")).hasSize(1);
  }

  @Test
  void theOrderHoldsInBothDirections() {
    assertThat(VersionSchemes.RPM.compare("1", "1-1")).isZero();
    assertThat(VersionSchemes.RPM.compare("1-1", "1")).isZero();
    assertThat(VersionSchemes.RPM.compare("1", "1.0-1")).isNegative();
    assertThat(VersionSchemes.RPM.compare("1.0-1", "1")).isPositive();
    assertThat(VersionSchemes.RPM.compare("1:1", "1-1")).isPositive();
    assertThat(VersionSchemes.RPM.compare("1-1", "1:1")).isNegative();
  }
}
