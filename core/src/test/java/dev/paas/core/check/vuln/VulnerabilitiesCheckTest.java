package dev.paas.core.check.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.ImageCheck;
import dev.paas.core.check.finding.AdvisoryDetail;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.check.vuln.osv.Advisory;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.check.vuln.osv.OsvParser;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.Policy;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code vulnerabilities} rule through the whole check: a Debian base's dpkg database and an
 * app's jar, matched against the real GitHub advisories for jackson-databind and a Debian record.
 */
class VulnerabilitiesCheckTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  private static final String OS_RELEASE =
      """
      PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
      NAME="Debian GNU/Linux"
      VERSION_ID="12"
      VERSION="12 (bookworm)"
      VERSION_CODENAME=bookworm
      ID=debian
      """;

  @TempDir Path dir;

  private final RecordingLog log = new RecordingLog();

  private static String status(String aptVersion) {
    return """
        Package: apt
        Status: install ok installed
        Priority: required
        Architecture: amd64
        Version: %s
        Description: commandline package manager

        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Multi-Arch: same
        Source: glibc
        Version: 2.36-9+deb12u13
        Description: GNU C Library: Shared libraries

        Package: removed-thing
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.0-1
        """
        .formatted(aptVersion);
  }

  private static OciFixtures.Layer debianLayer(String aptVersion) {
    return OciFixtures.layer(
        Map.of("usr/lib/os-release", OS_RELEASE, "var/lib/dpkg/status", status(aptVersion)));
  }

  /** A jar as Maven builds it: its pom.properties names it. */
  static byte[] jar(String group, String artifact, String version) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(
          new ZipEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
      zip.write(
          ("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static OciFixtures.Layer appLayer(String jacksonVersion) throws IOException {
    return OciFixtures.binaryLayer(
        Map.of(
            "app/libs/jackson-databind-" + jacksonVersion + ".jar",
            jar("com.fasterxml.jackson.core", "jackson-databind", jacksonVersion)));
  }

  private static Advisory real(String id) throws Exception {
    try (InputStream in =
        VulnerabilitiesCheckTest.class.getResourceAsStream("/osv/" + id + ".json")) {
      return OsvParser.parse(in.readAllBytes(), id);
    }
  }

  // osv.dev's Debian record for CVE-2011-3374 (apt, no fix, urgency unimportant), in its shape.
  private static Advisory debianApt() throws Exception {
    return OsvParser.parse(
        """
        {"id": "DEBIAN-CVE-2011-3374", "upstream": ["CVE-2011-3374"],
         "details": "It was found that apt-key in apt, all versions, do not correctly validate gpg keys with the master keyring, leading to a potential man-in-the-middle attack.",
         "affected": [{"package": {"name": "apt", "ecosystem": "Debian:12"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
           "ecosystem_specific": {"urgency": "unimportant"}}]}
        """
            .getBytes(StandardCharsets.UTF_8),
        "DEBIAN-CVE-2011-3374");
  }

  private AdvisoryDb advisories() throws Exception {
    return AdvisoryDb.of(
        List.of(
            real("GHSA-57j2-w4cx-62h2"),
            real("GHSA-jjjh-jjxp-wpff"),
            real("GHSA-jfh8-c2jp-5v3q"),
            debianApt()));
  }

  private static Policy policy(Policy.Severity threshold) throws Exception {
    Policy embedded = PlatformProfiles.embedded().policy();
    return new Policy(
        embedded.levels(),
        threshold,
        embedded.protectedPaths(),
        embedded.runtimeDescriptors(),
        Optional.empty(),
        List.of());
  }

  private ImageCheck.Outcome check(
      OciFixtures.Image image,
      List<OfficialBase> officials,
      Policy policy,
      List<Waiver> waivers,
      AdvisoryDb db,
      Map<String, OciFixtures.Image> baseImages)
      throws Exception {
    ImageCheck check =
        ImageCheck.withCache(
            dir.resolve("cache"),
            (b, k) -> {
              throw new AssertionError("no key");
            },
            log);
    Path archive =
        OciFixtures.ociArchive(
            image, dir.resolve("image-" + image.manifestDigest().substring(7, 19) + ".tar"));
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      return check.check(
          new ImageCheck.Request(
              "test",
              "oci-archive:" + archive,
              policy,
              officials,
              Optional.empty(),
              waivers,
              TODAY,
              inventory -> Optional.of(db),
              base -> {
                OciFixtures.Image other = baseImages.get(base.digest());
                if (other == null) {
                  return Optional.empty();
                }
                Path tar =
                    OciFixtures.ociArchive(
                        other,
                        dir.resolve("base-" + other.manifestDigest().substring(7, 19) + ".tar"));
                try (OciImage opened =
                    OciImage.open(ImageReference.parse("oci-archive:" + tar, "base"))) {
                  return Optional.of(check.inventory(opened, base.reference()));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }),
          source);
    }
  }

  private static OfficialBase official(String name, OciFixtures.Image base) {
    return new OfficialBase(
        name, "registry.example/base/java17:" + name, base.manifestDigest(), base.diffIds());
  }

  /** The vulnerabilities that fail the build (the fixture's images have other findings too). */
  private static List<String> failing(CheckReport report) {
    return report.errors().stream()
        .filter(f -> f.rule().equals("vulnerabilities"))
        .map(ReportedFinding::id)
        .toList();
  }

  private static ReportedFinding only(CheckReport report, String id) {
    List<ReportedFinding> found =
        report.findings().stream().filter(f -> f.id().equals(id)).toList();
    assertThat(found).as(id).hasSize(1);
    return found.get(0);
  }

  @Test
  void aVulnerableLibraryAtTheThresholdFailsAndAnOsAdvisoryBelowItWarns() throws Exception {
    OciFixtures.Image base = OciFixtures.image(debianLayer("2.6.1"));
    OciFixtures.Image app = OciFixtures.image(debianLayer("2.6.1"), appLayer("2.13.2"));

    ImageCheck.Outcome outcome =
        check(
            app,
            List.of(official("1", base)),
            policy(Policy.Severity.HIGH),
            List.of(),
            advisories(),
            Map.of());
    CheckReport report = outcome.report();

    assertThat(failing(report))
        .containsExactlyInAnyOrder("GHSA-57j2-w4cx-62h2", "GHSA-jjjh-jjxp-wpff");
    ReportedFinding nested = only(report, "GHSA-57j2-w4cx-62h2");
    assertThat(nested.rule()).isEqualTo("vulnerabilities");
    assertThat(nested.severity()).isEqualTo("error");
    assertThat(nested.location().text())
        .isEqualTo(
            "layer 1 ("
                + app.diffIds().get(1).substring(0, 19)
                + ") /app/libs/jackson-databind-2.13.2.jar");
    assertThat(nested.message())
        .startsWith(
            "GHSA-57j2-w4cx-62h2 (CVE-2020-36518) in "
                + "com.fasterxml.jackson.core:jackson-databind 2.13.2, HIGH 7.5: ")
        .endsWith("; fixed in 2.13.2.1");
    AdvisoryDetail detail = nested.advisory().orElseThrow();
    assertThat(detail.aliases()).containsExactly("CVE-2020-36518");
    assertThat(detail.ecosystem()).isEqualTo("Maven");
    assertThat(detail.installed()).isEqualTo("2.13.2");
    assertThat(detail.fixed()).contains("2.13.2.1");
    assertThat(detail.score()).contains(7.5);
    assertThat(detail.scoreSource()).contains("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H");
    assertThat(only(report, "GHSA-jjjh-jjxp-wpff").advisory().orElseThrow().fixed())
        .contains("2.13.4.1");
    assertThat(report.findings()).noneMatch(f -> f.id().equals("GHSA-jfh8-c2jp-5v3q"));

    ReportedFinding apt = only(report, "DEBIAN-CVE-2011-3374");
    assertThat(apt.severity()).isEqualTo("warn");
    assertThat(apt.location().text())
        .isEqualTo("layer 0 (" + app.diffIds().get(0).substring(0, 19) + ") /var/lib/dpkg/status");
    assertThat(apt.advisory().orElseThrow().severity()).contains(Policy.Severity.LOW);
    assertThat(apt.advisory().orElseThrow().aliases()).containsExactly("CVE-2011-3374");
    assertThat(apt.message())
        .contains("in apt 2.6.1, LOW: It was found that apt-key")
        .endsWith("no fixed version known");

    ImageInventory inventory = outcome.inventory();
    assertThat(inventory.os().orElseThrow().versionId()).isEqualTo("12");
    assertThat(inventory.packages())
        .extracting(p -> p.installed().name())
        .containsExactly("apt", "libc6", "com.fasterxml.jackson.core:jackson-databind");
  }

  @Test
  void theThresholdDecidesWhatFailsAndWaiversNameTheIdOrAnAlias() throws Exception {
    OciFixtures.Image base = OciFixtures.image(debianLayer("2.6.1"));
    OciFixtures.Image app = OciFixtures.image(debianLayer("2.6.1"), appLayer("2.13.2"));
    List<OfficialBase> officials = List.of(official("1", base));

    CheckReport critical =
        check(app, officials, policy(Policy.Severity.CRITICAL), List.of(), advisories(), Map.of())
            .report();
    assertThat(failing(critical)).isEmpty();
    assertThat(only(critical, "GHSA-57j2-w4cx-62h2").severity()).isEqualTo("warn");

    CheckReport low =
        check(app, officials, policy(Policy.Severity.LOW), List.of(), advisories(), Map.of())
            .report();
    assertThat(only(low, "DEBIAN-CVE-2011-3374").severity()).isEqualTo("error");

    List<Waiver> waivers =
        List.of(
            Waiver.of(1, "vulnerabilities", "GHSA-57j2-w4cx-62h2", "trusted input", "2027-01-31"),
            Waiver.of(2, "vulnerabilities", "CVE-2022-42003", "feature off", "2027-01-31"));
    CheckReport waived =
        check(app, officials, policy(Policy.Severity.HIGH), waivers, advisories(), Map.of())
            .report();
    assertThat(failing(waived)).isEmpty();
    assertThat(only(waived, "GHSA-jjjh-jjxp-wpff").waived()).isTrue();
    assertThat(waived.notes()).isEmpty();

    OciFixtures.Image upgraded = OciFixtures.image(debianLayer("2.6.1"), appLayer("2.13.4.2"));
    CheckReport clean =
        check(upgraded, officials, policy(Policy.Severity.HIGH), List.of(), advisories(), Map.of())
            .report();
    assertThat(failing(clean)).isEmpty();
    assertThat(clean.findings())
        .filteredOn(f -> f.rule().equals("vulnerabilities"))
        .extracting(ReportedFinding::id)
        .containsExactly("DEBIAN-CVE-2011-3374");
  }

  @Test
  void saysWhenANewerOfficialBaseHasTheFix() throws Exception {
    Advisory fixedLater =
        OsvParser.parse(
            """
        {"id": "DSA-9999-1", "aliases": ["CVE-2026-0001"], "summary": "apt: test advisory",
         "affected": [{"package": {"name": "apt", "ecosystem": "Debian:12"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.6.1+deb12u1"}]}]}]}
        """
                .getBytes(StandardCharsets.UTF_8),
            "DSA-9999-1");
    OciFixtures.Image old = OciFixtures.image(debianLayer("2.6.1"));
    OciFixtures.Image newer = OciFixtures.image(debianLayer("2.6.1+deb12u1"));
    OciFixtures.Image app = OciFixtures.image(debianLayer("2.6.1"), appLayer("2.13.4.2"));

    CheckReport report =
        check(
                app,
                List.of(official("1", old), official("2", newer)),
                policy(Policy.Severity.HIGH),
                List.of(),
                AdvisoryDb.of(List.of(fixedLater, debianApt())),
                Map.of(newer.manifestDigest(), newer))
            .report();

    assertThat(only(report, "DSA-9999-1").advisory().orElseThrow().fixedInBase())
        .contains("2 (registry.example/base/java17:2)");
    assertThat(only(report, "DSA-9999-1").message())
        .endsWith(
            "fixed in 2.6.1+deb12u1; the official base 2 (registry.example/base/java17:2) has the fix");
    // the newer base has apt too, but still unfixed for this one
    assertThat(only(report, "DEBIAN-CVE-2011-3374").advisory().orElseThrow().fixedInBase())
        .isEmpty();
  }

  @Test
  void aPackageIsPlacedInTheLayerThatInstalledItsVersion() throws Exception {
    // layer 1 rewrites the database (another package changes) but keeps libc6 as it was;
    // layer 2 upgrades apt, and a whiteout removes a jar of layer 1
    OciFixtures.Image image =
        OciFixtures.image(
            debianLayer("2.6.1"),
            OciFixtures.binaryLayer(
                Map.of(
                    "var/lib/dpkg/status",
                    (status("2.6.1")
                            + "\nPackage: curl\nStatus: install ok installed\nArchitecture: amd64\n"
                            + "Version: 7.88.1-10+deb12u14\n")
                        .getBytes(StandardCharsets.UTF_8),
                    "app/libs/old-1.0.jar",
                    jar("com.example", "old", "1.0"))),
            OciFixtures.binaryLayer(
                Map.of(
                    "var/lib/dpkg/status",
                    (status("2.6.1+deb12u1")
                            + "\nPackage: curl\nStatus: install ok installed\n"
                            + "Architecture: amd64\nVersion: 7.88.1-10+deb12u14\n")
                        .getBytes(StandardCharsets.UTF_8),
                    "app/libs/.wh.old-1.0.jar",
                    new byte[0])));

    ImageInventory inventory =
        check(
                image,
                List.of(),
                policy(Policy.Severity.HIGH),
                List.of(),
                AdvisoryDb.of(List.of()),
                Map.of())
            .inventory();

    List<String> placed = new ArrayList<>();
    for (ImagePackage p : inventory.packages()) {
      placed.add(p.installed().name() + " " + p.installed().version() + " @" + p.layer());
    }
    assertThat(placed)
        .containsExactlyInAnyOrder(
            "apt 2.6.1+deb12u1 @2", "libc6 2.36-9+deb12u13 @0", "curl 7.88.1-10+deb12u14 @1");
  }

  @Test
  void aFindingOnALibraryKnownOnlyByItsFileNameNamesTheGroupItAssumed() throws Exception {
    Advisory h2 =
        OsvParser.parse(
            """
        {"id": "GHSA-h376-j262-vhq6", "aliases": ["CVE-2021-42392"], "summary": "H2 console JNDI",
         "affected": [{"package": {"name": "com.h2database:h2", "ecosystem": "Maven"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.1.100"}, {"fixed": "2.0.206"}]}]}]}
        """
                .getBytes(StandardCharsets.UTF_8),
            "GHSA-h376-j262-vhq6");
    ByteArrayOutputStream bare = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bare)) {
      zip.putNextEntry(new ZipEntry("org/h2/Driver.class"));
      zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
    }
    OciFixtures.Image app =
        OciFixtures.image(
            debianLayer("2.6.1"),
            OciFixtures.binaryLayer(Map.of("app/libs/h2-1.4.200.jar", bare.toByteArray())));

    CheckReport report =
        check(
                app,
                List.of(),
                policy(Policy.Severity.HIGH),
                List.of(),
                AdvisoryDb.of(List.of(h2)),
                Map.of())
            .report();

    assertThat(only(report, "GHSA-h376-j262-vhq6").message())
        .contains(
            " in :h2 1.4.200 "
                + "(identified by its file name only; matched as com.h2database:h2, the only group the "
                + "advisories know for it)");
  }
}
