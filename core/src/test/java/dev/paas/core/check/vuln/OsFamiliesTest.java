package dev.paas.core.check.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.ImageCheck;
import dev.paas.core.check.vuln.osv.Advisory;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.check.vuln.osv.AdvisoryMatcher;
import dev.paas.core.check.vuln.osv.Match;
import dev.paas.core.check.vuln.osv.OsvParser;
import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ubuntu, Rocky Linux and AlmaLinux images through the real inventory: the image's os-release and
 * package database, read from its layers, meet the advisories of its own release only. Ubuntu's
 * packages are dpkg status stanzas of Ubuntu 22.04's real packages; the rpm ones come from {@code
 * /rpmdb/rpmdb.sqlite}, a real database written by rpm 4.18.
 */
class OsFamiliesTest {
  @TempDir Path dir;

  private static final String UBUNTU_RELEASE =
      """
      PRETTY_NAME="Ubuntu 22.04.4 LTS"
      NAME="Ubuntu"
      VERSION_ID="22.04"
      VERSION="22.04.4 LTS (Jammy Jellyfish)"
      VERSION_CODENAME=jammy
      ID=ubuntu
      ID_LIKE=debian
      UBUNTU_CODENAME=jammy
      """;

  private static final String UBUNTU_STATUS =
      """
      Package: libssl3
      Status: install ok installed
      Architecture: amd64
      Multi-Arch: same
      Source: openssl
      Version: 3.0.2-0ubuntu1.15
      Description: Secure Sockets Layer toolkit - shared libraries

      Package: libvips42
      Status: install ok installed
      Architecture: amd64
      Source: vips
      Version: 8.12.1-1build1
      Description: image processing system good for very large ones

      Package: bash
      Status: install ok installed
      Architecture: amd64
      Version: 5.1-6ubuntu1.1
      Description: GNU Bourne Again SHell
      """;

  private static String rpmRelease(String id, String name, String version) {
    return """
        NAME="%s"
        VERSION="%s"
        ID="%s"
        ID_LIKE="rhel centos fedora"
        VERSION_ID="%s"
        PLATFORM_ID="platform:el9"
        """
        .formatted(name, version, id, version);
  }

  private ImageInventory inventory(OciFixtures.Image image) throws Exception {
    ImageCheck check =
        ImageCheck.withCache(
            dir.resolve("cache"),
            (b, k) -> {
              throw new AssertionError("no key");
            },
            new RecordingLog());
    Path archive =
        OciFixtures.ociArchive(
            image, dir.resolve("image-" + image.manifestDigest().substring(7, 19) + ".tar"));
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      return check.inventory(source, "oci-archive:" + archive);
    }
  }

  private static AdvisoryDb db(String... records) throws Exception {
    List<Advisory> all = new ArrayList<>();
    for (String record : records) {
      all.add(OsvParser.parse(record.getBytes(StandardCharsets.UTF_8), "test"));
    }
    return AdvisoryDb.of(all);
  }

  private static String advisory(String id, String ecosystem, String name, String fixed) {
    return """
        {"id": "%s", "affected": [{"package": {"ecosystem": "%s", "name": "%s"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}"""
        .formatted(id, ecosystem, name, fixed);
  }

  private static List<String> ids(List<Match> matches) {
    return matches.stream().map(m -> m.advisory().id() + " " + m.pkg().installed().name()).toList();
  }

  private final AdvisoryMatcher matcher = new AdvisoryMatcher(VersionSchemes::forEcosystem);

  @Test
  void ubuntuImagesMatchTheirReleaseItsLtsAndItsProEntries() throws Exception {
    ImageInventory image =
        inventory(
            OciFixtures.image(
                OciFixtures.layer(
                    Map.of(
                        "etc/os-release", UBUNTU_RELEASE, "var/lib/dpkg/status", UBUNTU_STATUS))));
    assertThat(image.os().orElseThrow().id()).isEqualTo("ubuntu");
    AdvisoryDb db =
        db(
            advisory("UBUNTU-CVE-2024-0727", "Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.14"),
            advisory("UBUNTU-CVE-2024-2511", "Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.16"),
            advisory(
                "UBUNTU-CVE-2025-29769", "Ubuntu:Pro:22.04:LTS", "vips", "8.12.1-1ubuntu0.1~esm1"),
            advisory("UBUNTU-CVE-2022-3715", "Ubuntu:22.04", "bash", "5.1-6ubuntu1.1"),
            advisory("UBUNTU-CVE-2023-0001", "Ubuntu:20.04:LTS", "bash", "5.1-9"),
            advisory("DEBIAN-CVE-2024-2511", "Debian:12", "openssl", "3.0.14-1"));
    assertThat(ids(matcher.match(image, db)))
        .containsExactlyInAnyOrder(
            "UBUNTU-CVE-2024-2511 libssl3", "UBUNTU-CVE-2025-29769 libvips42");
  }

  @Test
  void rockyAndAlmaImagesMatchTheirOwnAdvisoriesNotEachOthers() throws Exception {
    byte[] rpmdb;
    try (InputStream in = OsFamiliesTest.class.getResourceAsStream("/rpmdb/rpmdb.sqlite")) {
      rpmdb = in.readAllBytes();
    }
    AdvisoryDb db =
        db(
            advisory("RLSA-2024:1001", "Rocky Linux:9", "hello-tiny", "1.2.3-5.el9"),
            advisory("ALSA-2024:2002", "AlmaLinux:9", "hello-tiny", "1.2.3-6.el9"),
            advisory("ALSA-2024:2003", "AlmaLinux:8", "hello-tiny", "1.2.3-9.el8"),
            advisory("RLSA-2024:1004", "Rocky Linux:9", "epoch-tiny", "1:0.9-1"));
    for (String[] os :
        List.of(
            new String[] {"rocky", "Rocky Linux", "9.3", "RLSA-2024:1001"},
            new String[] {"almalinux", "AlmaLinux", "9.4", "ALSA-2024:2002"})) {
      ImageInventory image =
          inventory(
              OciFixtures.image(
                  OciFixtures.layer(Map.of("etc/os-release", rpmRelease(os[0], os[1], os[2]))),
                  OciFixtures.binaryLayer(Map.of("var/lib/rpm/rpmdb.sqlite", rpmdb))));
      assertThat(image.packages())
          .extracting(p -> p.installed().name() + " " + p.installed().version())
          .contains("hello-tiny 1.2.3-4.el9", "epoch-tiny 2:0.9-1");
      assertThat(ids(matcher.match(image, db))).as(os[1]).containsExactly(os[3] + " hello-tiny");
    }
  }
}
