package dev.paas.core.check.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.PaasException;
import dev.paas.core.check.vuln.version.VersionScheme;
import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.InstalledPackage.Kind;
import dev.paas.core.inventory.OsRelease;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Maven cases use the real GitHub advisories under {@code /osv}; the OS cases use advisories
 * written here in the shapes osv.dev publishes for Debian, Ubuntu, Alpine, Red Hat, Rocky and
 * AlmaLinux (they are not copies of real records).
 */
class AdvisoryMatcherTest {
  private final AdvisoryMatcher matcher = new AdvisoryMatcher(VersionSchemes::forEcosystem);

  static AdvisoryDb real() throws Exception {
    List<Advisory> all = new ArrayList<>();
    for (String name : AdvisoryDbTest.REAL) {
      all.add(OsvParser.parse(OsvParserTest.resource(name), name));
    }
    return AdvisoryDb.of(all);
  }

  static ImagePackage maven(String name, String version) {
    return new ImagePackage(
        new InstalledPackage(
            Kind.MAVEN, name, version, "", "", "", "/app/lib/x.jar", "pom.properties"),
        2,
        "sha256:app");
  }

  static ImagePackage pkg(
      Kind kind, String name, String version, String source, String sourceVersion) {
    return new ImagePackage(
        new InstalledPackage(
            kind,
            name,
            version,
            source,
            sourceVersion,
            "amd64",
            "/var/lib/dpkg/status",
            "dpkg-status"),
        0,
        "sha256:base");
  }

  static ImageInventory image(Optional<OsRelease> os, ImagePackage... packages) {
    return new ImageInventory(os, Arrays.asList(packages), List.of());
  }

  static Optional<OsRelease> os(String id, String version, String... like) {
    return Optional.of(new OsRelease(id, version, "", "", List.of(like)));
  }

  static Advisory advisory(String json) throws PaasException {
    return OsvParser.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private List<String> found(ImageInventory image, AdvisoryDb db) {
    return matcher.match(image, db).stream()
        .map(
            m ->
                m.advisory().id()
                    + "@"
                    + m.pkg().installed().version()
                    + "->"
                    + m.fixedVersion().orElse("-"))
        .toList();
  }

  @Test
  void log4ShellAndItsIncompleteFixAcrossTheRealRanges() throws Exception {
    AdvisoryDb db = real();
    String core = "org.apache.logging.log4j:log4j-core";
    assertThat(found(image(Optional.empty(), maven(core, "2.14.1")), db))
        .containsExactlyInAnyOrder(
            "GHSA-jfh8-c2jp-5v3q@2.14.1->2.15.0", "GHSA-7rjr-3q55-vv33@2.14.1->2.16.0");
    assertThat(found(image(Optional.empty(), maven(core, "2.15.0")), db))
        .containsExactly("GHSA-7rjr-3q55-vv33@2.15.0->2.16.0");
    assertThat(found(image(Optional.empty(), maven(core, "2.16.0")), db)).isEmpty();
    assertThat(found(image(Optional.empty(), maven(core, "2.10.0")), db))
        .containsExactlyInAnyOrder(
            "GHSA-jfh8-c2jp-5v3q@2.10.0->2.12.2", "GHSA-7rjr-3q55-vv33@2.10.0->2.12.2");
    assertThat(found(image(Optional.empty(), maven(core, "2.0-beta9")), db))
        .containsExactlyInAnyOrder(
            "GHSA-jfh8-c2jp-5v3q@2.0-beta9->2.3.1", "GHSA-7rjr-3q55-vv33@2.0-beta9->2.12.2");
    assertThat(found(image(Optional.empty(), maven(core, "2.3.1")), db))
        .containsExactly("GHSA-7rjr-3q55-vv33@2.3.1->2.12.2");
    assertThat(found(image(Optional.empty(), maven(core, "2.12.2")), db)).isEmpty();
    assertThat(
            found(
                image(Optional.empty(), maven("org.apache.logging.log4j:log4j-api", "2.14.1")), db))
        .isEmpty();
  }

  @Test
  void jacksonDatabindRangesWithFourPartVersions() throws Exception {
    AdvisoryDb db = real();
    String databind = "com.fasterxml.jackson.core:jackson-databind";
    assertThat(found(image(Optional.empty(), maven(databind, "2.13.2")), db))
        .containsExactlyInAnyOrder(
            "GHSA-57j2-w4cx-62h2@2.13.2->2.13.2.1", "GHSA-jjjh-jjxp-wpff@2.13.2->2.13.4.1");
    assertThat(found(image(Optional.empty(), maven(databind, "2.13.2.1")), db))
        .containsExactly("GHSA-jjjh-jjxp-wpff@2.13.2.1->2.13.4.1");
    assertThat(found(image(Optional.empty(), maven(databind, "2.12.6")), db))
        .containsExactlyInAnyOrder(
            "GHSA-57j2-w4cx-62h2@2.12.6->2.12.6.1", "GHSA-jjjh-jjxp-wpff@2.12.6->2.12.7.1");
    assertThat(found(image(Optional.empty(), maven(databind, "2.3.0")), db))
        .containsExactly("GHSA-57j2-w4cx-62h2@2.3.0->2.12.6.1");
    assertThat(found(image(Optional.empty(), maven(databind, "2.14.0")), db)).isEmpty();
  }

  @Test
  void aLibraryKnownOnlyByItsArtifactIdMatchesWhenOneGroupIsKnown() throws Exception {
    AdvisoryDb db = real();
    assertThat(found(image(Optional.empty(), maven(":log4j-core", "2.14.1")), db)).hasSize(2);

    AdvisoryDb ambiguous =
        db.merge(
            List.of(
                advisory(
                    """
        {"id": "GHSA-other", "affected": [{"package": {"ecosystem": "Maven", "name": "org.example:log4j-core"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}""")));
    assertThat(found(image(Optional.empty(), maven(":log4j-core", "2.14.1")), ambiguous)).isEmpty();
    assertThat(found(image(Optional.empty(), maven(":unknown", "1.0")), db)).isEmpty();
  }

  @Test
  void debianMatchesTheSourcePackageAndItsVersionInTheImagesRelease() throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "DSA-5532-1", "affected": [
          {"package": {"ecosystem": "Debian:11", "name": "openssl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1.1w-0+deb11u1"}]}]},
          {"package": {"ecosystem": "Debian:12", "name": "openssl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}]}""")));
    ImagePackage libssl = pkg(Kind.DPKG, "libssl3", "9.9", "openssl", "3.0.11-1~deb12u1");
    List<Match> matches = matcher.match(image(os("debian", "12"), libssl), db);
    assertThat(matches)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.ecosystem()).isEqualTo("Debian:12");
              assertThat(m.pkg()).isSameAs(libssl);
              assertThat(m.fixedVersion()).contains("3.0.11-1~deb12u2");
            });
    assertThat(
            matcher.match(
                image(
                    os("debian", "12"),
                    pkg(Kind.DPKG, "libssl3", "3.0.11-1~deb12u1", "openssl", "3.0.11-1~deb12u2")),
                db))
        .isEmpty();
    assertThat(matcher.match(image(os("debian", "13"), libssl), db)).isEmpty();
    assertThat(matcher.match(image(Optional.empty(), libssl), db)).isEmpty();
  }

  @Test
  void alpineMatchesTheOriginWithTheBinarysOwnVersionOnItsBranch() throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "ALPINE-CVE-2023-5678", "affected": [
          {"package": {"ecosystem": "Alpine:v3.19", "name": "openssl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.4-r1"}]}]},
          {"package": {"ecosystem": "Alpine:v3.18", "name": "openssl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.4-r5"}]}]}]}""")));
    assertThat(
            matcher.match(
                image(
                    os("alpine", "3.19.1"), pkg(Kind.APK, "libcrypto3", "3.1.4-r0", "openssl", "")),
                db))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.ecosystem()).isEqualTo("Alpine:v3.19");
              assertThat(m.fixedVersion()).contains("3.1.4-r1");
            });
    assertThat(
            matcher.match(
                image(
                    os("alpine", "3.19.1"),
                    pkg(Kind.APK, "libcrypto3", "3.1.4-r1", "openssl", "3.1.4-r0")),
                db))
        .isEmpty();
  }

  @Test
  void ubuntuProEntriesMatchTheirRelease() throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "UBUNTU-CVE-2025-29769", "affected": [
          {"package": {"ecosystem": "Ubuntu:Pro:22.04:LTS", "name": "vips"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "8.12.1-1ubuntu0.1~esm1"}]}]},
          {"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "vips"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}], "versions": ["8.12.1-1"]}]}""")));
    List<Match> matches =
        matcher.match(
            image(
                os("ubuntu", "22.04"), pkg(Kind.DPKG, "libvips42", "8.12.1-1", "vips", "8.12.1-1")),
            db);
    assertThat(matches)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.ecosystem()).isEqualTo("Ubuntu:Pro:22.04:LTS");
              assertThat(m.fixedVersion()).contains("8.12.1-1ubuntu0.1~esm1");
            });
  }

  @Test
  void redHatRockyAndAlmaMatchBinaryRpmNamesOfTheirMajorRelease() throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "RHSA-2024:0001", "affected": [
          {"package": {"ecosystem": "Red Hat:enterprise_linux:9::baseos", "name": "openssl-libs"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:3.0.7-25.el9_3"}]}]},
          {"package": {"ecosystem": "Red Hat:enterprise_linux:8::baseos", "name": "openssl-libs"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:1.1.1k-12.el8_9"}]}]}]}"""),
                advisory(
                    """
        {"id": "RLSA-2024:0001", "affected": [{"package": {"ecosystem": "Rocky Linux:9", "name": "openssl-libs"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:3.0.7-25.el9_3"}]}]}]}"""),
                advisory(
                    """
        {"id": "ALSA-2024:0001", "affected": [{"package": {"ecosystem": "AlmaLinux:9", "name": "openssl-libs"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:3.0.7-25.el9_3"}]}]}]}""")));
    ImagePackage rpm = pkg(Kind.RPM, "openssl-libs", "1:3.0.7-24.el9", "openssl", "");
    assertThat(matcher.match(image(os("rhel", "9.4"), rpm), db))
        .singleElement()
        .satisfies(m -> assertThat(m.ecosystem()).isEqualTo("Red Hat:enterprise_linux:9::baseos"));
    assertThat(matcher.match(image(os("centos", "9"), rpm), db))
        .extracting(m -> m.advisory().id())
        .containsExactly("RHSA-2024:0001");
    assertThat(matcher.match(image(os("rocky", "9.3", "rhel", "centos", "fedora"), rpm), db))
        .extracting(m -> m.advisory().id())
        .containsExactly("RLSA-2024:0001");
    assertThat(matcher.match(image(os("almalinux", "9.3"), rpm), db))
        .extracting(m -> m.advisory().id())
        .containsExactly("ALSA-2024:0001");
    assertThat(matcher.match(image(os("ol", "9.3", "fedora"), rpm), db)).isEmpty();
  }

  @Test
  void evaluatesEventsAsTheSchemasPseudoCode() throws Exception {
    Range unsorted =
        new Range(
            Range.Type.ECOSYSTEM,
            List.of(
                new Event(Event.Kind.FIXED, "2.0"),
                new Event(Event.Kind.INTRODUCED, "1.0"),
                new Event(Event.Kind.INTRODUCED, "3.0"),
                new Event(Event.Kind.FIXED, "3.2")));
    VersionScheme n = TestSchemes.NUMERIC;
    assertThat(AdvisoryMatcher.inRange("0.9", unsorted, n)).isFalse();
    assertThat(AdvisoryMatcher.inRange("1.0", unsorted, n)).isTrue();
    assertThat(AdvisoryMatcher.inRange("1.9", unsorted, n)).isTrue();
    assertThat(AdvisoryMatcher.inRange("2.0", unsorted, n)).isFalse();
    assertThat(AdvisoryMatcher.inRange("3.1", unsorted, n)).isTrue();
    assertThat(AdvisoryMatcher.inRange("3.2", unsorted, n)).isFalse();

    Range lastAffected =
        new Range(
            Range.Type.ECOSYSTEM,
            List.of(
                new Event(Event.Kind.INTRODUCED, "0"),
                new Event(Event.Kind.LAST_AFFECTED, "2.1.214")));
    assertThat(AdvisoryMatcher.inRange("2.1.214", lastAffected, n)).isTrue();
    assertThat(AdvisoryMatcher.inRange("2.1.215", lastAffected, n)).isFalse();
    assertThat(AdvisoryMatcher.lowestFixedAbove("1", lastAffected, n)).isNull();

    Range limited =
        new Range(
            Range.Type.ECOSYSTEM,
            List.of(new Event(Event.Kind.INTRODUCED, "1.0"), new Event(Event.Kind.LIMIT, "1.5")));
    assertThat(AdvisoryMatcher.inRange("1.4", limited, n)).isTrue();
    assertThat(AdvisoryMatcher.inRange("1.5", limited, n)).isFalse();
    assertThat(
            AdvisoryMatcher.inRange(
                "9",
                new Range(
                    Range.Type.ECOSYSTEM,
                    List.of(
                        new Event(Event.Kind.INTRODUCED, "1"), new Event(Event.Kind.LIMIT, "*"))),
                n))
        .isTrue();

    Range openEnded =
        new Range(Range.Type.ECOSYSTEM, List.of(new Event(Event.Kind.INTRODUCED, "0")));
    assertThat(AdvisoryMatcher.inRange("", openEnded, n)).isTrue();
  }

  @Test
  void versionsListsSemverRangesAndGitRanges() throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "GHSA-list", "affected": [{"package": {"ecosystem": "Maven", "name": "g:listed"},
          "versions": ["1.0", "1.1"]}]}"""),
                advisory(
                    """
        {"id": "GHSA-semver", "affected": [{"package": {"ecosystem": "Maven", "name": "g:semver"},
          "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0-rc.1"}, {"fixed": "1.0.0"}]}]}]}"""),
                advisory(
                    """
        {"id": "GHSA-git", "affected": [{"package": {"ecosystem": "Maven", "name": "g:git"},
          "ranges": [{"type": "GIT", "repo": "https://example.org/r", "events": [{"introduced": "0"}]}]}]}""")));
    assertThat(
            found(image(Optional.empty(), maven("g:listed", "1.1"), maven("g:listed", "1.2")), db))
        .containsExactly("GHSA-list@1.1->-");
    assertThat(
            found(
                image(
                    Optional.empty(),
                    maven("g:semver", "1.0.0-rc.2"),
                    maven("g:semver", "1.0.0"),
                    maven("g:semver", "1.0.0-beta")),
                db))
        .containsExactly("GHSA-semver@1.0.0-rc.2->1.0.0");
    assertThat(found(image(Optional.empty(), maven("g:git", "1.0")), db)).isEmpty();
  }

  @Test
  void oneMatchPerAdvisoryAndPackageAndWithdrawnNeverMatch() throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "GHSA-twice", "affected": [
          {"package": {"ecosystem": "Maven", "name": "g:a"}, "ranges": [{"type": "ECOSYSTEM",
            "events": [{"introduced": "0"}, {"fixed": "3.0"}]}]},
          {"package": {"ecosystem": "Maven", "name": "g:a"}, "ranges": [{"type": "ECOSYSTEM",
            "events": [{"introduced": "1.0"}, {"fixed": "2.5"}]}], "versions": ["2.0"]}]}"""),
                advisory(
                    """
        {"id": "GHSA-gone", "withdrawn": "2024-01-01T00:00:00Z", "affected": [
          {"package": {"ecosystem": "Maven", "name": "g:a"}, "ranges": [{"type": "ECOSYSTEM",
            "events": [{"introduced": "0"}]}]}]}""")));
    assertThat(found(image(Optional.empty(), maven("g:a", "2.0")), db))
        .containsExactly("GHSA-twice@2.0->2.5");
    assertThat(found(image(Optional.empty(), maven("g:a", "2.0"), maven("g:a", "2.7")), db))
        .containsExactly("GHSA-twice@2.0->2.5", "GHSA-twice@2.7->3.0");
  }

  @Test
  void aSchemeThatFailsOrIsMissingIsNeverACrash() throws Exception {
    AdvisoryDb db =
        AdvisoryDb.of(
            List.of(
                advisory(
                    """
        {"id": "GHSA-x", "affected": [{"package": {"ecosystem": "Maven", "name": "g:a"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]},
                     {"type": "ECOSYSTEM", "events": [{"introduced": "3.0"}, {"limit": "4.0"}]}],
          "versions": ["weird"]}]}""")));
    VersionScheme failing =
        (a, b) -> {
          throw new IllegalArgumentException("not a version: " + a);
        };
    // events the scheme cannot compare are left out: "introduced 0" alone still holds, so both are
    // reported (a false alarm rather than a silent miss)
    AdvisoryMatcher strict = new AdvisoryMatcher(e -> Optional.of(failing));
    ImageInventory image = image(Optional.empty(), maven("g:a", "1.0"), maven("g:a", "weird"));
    assertThat(strict.match(image, db))
        .extracting(m -> m.pkg().installed().version())
        .containsExactly("1.0", "weird");
    AdvisoryMatcher none = new AdvisoryMatcher(e -> Optional.empty());
    assertThat(none.match(image, db))
        .extracting(m -> m.pkg().installed().version())
        .containsExactly("weird");
    assertThat(matcher.match(image, db))
        .extracting(m -> m.pkg().installed().version() + m.fixedVersion())
        .containsExactly("1.0Optional[2.0]", "weirdOptional[2.0]");
  }

  @Test
  void packagesOfAnImageWithoutAnOsReleaseAreSkippedButLibrariesMatched() throws Exception {
    AdvisoryDb db =
        real()
            .merge(
                List.of(
                    advisory(
                        """
        {"id": "DSA-1", "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}""")));
    ImageInventory image =
        image(
            Optional.empty(),
            pkg(Kind.DPKG, "libssl3", "1", "openssl", "1"),
            maven("org.apache.logging.log4j:log4j-core", "2.15.0"));
    assertThat(matcher.match(image, db))
        .extracting(m -> m.advisory().id())
        .containsExactly("GHSA-7rjr-3q55-vv33");
  }
}
