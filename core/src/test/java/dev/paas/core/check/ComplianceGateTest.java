package dev.paas.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.base.OfficialBases;
import dev.paas.core.check.report.JsonReport;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.ProfileParser;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.ImagePusher;
import dev.paas.core.registry.RegistryImages;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate end to end against a real registry: official bases by tag, images from the registry and
 * from archives, the reports written, the push gate, the early base check.
 */
class ComplianceGateTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  static final OciFixtures.Image BASE_V1 =
      OciFixtures.withConfig(OciFixtures.baseImage(), c -> c.with("config").put("User", "app"));
  static final OciFixtures.Image BASE_V2 =
      OciFixtures.withConfig(
          OciFixtures.image(
              OciFixtures.baseSystemLayer(),
              OciFixtures.layer(Map.of("opt/java/release", "JAVA_VERSION=\"17.0.100\"\n"))),
          c -> c.with("config").put("User", "app"));

  @TempDir static Path shared;
  @TempDir Path dir;
  final RecordingLog log = new RecordingLog();

  @BeforeAll
  static void pushBases() throws Exception {
    push(BASE_V1, "base/java17:1");
    push(BASE_V2, "base/java17:2");
    push(BASE_V2, "base/java17:latest");
  }

  static void push(OciFixtures.Image image, String repoTag) throws Exception {
    Path tar =
        OciFixtures.ociArchive(image, shared.resolve(repoTag.replaceAll("[/:]", "_") + ".tar"));
    try (OciImage oci = OciImage.open(ImageReference.parse("oci-archive:" + tar, "test"))) {
      new ImagePusher(CredentialSource.none(), true, BuildLog.silent())
          .push(
              oci, ImageReference.parse(REGISTRY.host() + "/" + repoTag, "test"), Optional.empty());
    }
  }

  private PlatformProfile profile(String tags) throws PaasException {
    return ProfileParser.parse(
        "schemaVersion: 1\nofficialImages:\n  - name: java17\n    repository: "
            + REGISTRY.host()
            + "/base/java17\n"
            + tags,
        "test.yaml",
        PlatformProfiles.embedded());
  }

  private OfficialBases officialBases() {
    return new OfficialBases(
        new RegistryImages(CredentialSource.none(), true, false, dir.resolve("cache")), log);
  }

  private ComplianceGate gate(boolean offline) {
    return new ComplianceGate(dir.resolve("cache"), CredentialSource.none(), true, offline, log);
  }

  private static OciFixtures.Image app(OciFixtures.Image base, String content) {
    List<OciFixtures.Layer> layers = new ArrayList<>(base.layers());
    layers.add(OciFixtures.layer(Map.of("app/classes/Main.class", content)));
    return OciFixtures.withConfig(
        OciFixtures.image(Map.of(), layers), c -> c.with("config").put("User", "app"));
  }

  private List<CheckReport> check(PlatformProfile profile, OciFixtures.Image image, boolean offline)
      throws Exception {
    Path archive =
        OciFixtures.ociArchive(
            image, dir.resolve("app-" + image.manifestDigest().substring(7, 15) + ".tar"));
    ComplianceGate.Target target =
        new ComplianceGate.Target(
            "test",
            ImageReference.parse("oci-archive:" + archive, "image"),
            Optional.of(image.manifestDigest()));
    return gate(offline)
        .check(
            List.of(target),
            profile,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            LocalDate.of(2026, 11, 28),
            ComplianceGate.Advisories.none(),
            dir.resolve("reports"),
            "test");
  }

  @Test
  void everyAcceptedTagIsAnOfficialBaseAndAnEmptyTagListAcceptsTheRepository() throws Exception {
    assertThat(
            check(profile("    tags: [\"1\", \"2\"]\n"), app(BASE_V1, "a"), false).get(0).passed())
        .isTrue();
    assertThat(
            check(profile("    tags: [\"1\", \"2\"]\n"), app(BASE_V2, "a"), false).get(0).passed())
        .isTrue();
    CheckReport onlyTwo = check(profile("    tags: [\"2\"]\n"), app(BASE_V1, "a"), false).get(0);
    assertThat(onlyTwo.errors())
        .extracting(ReportedFinding::rule)
        .containsExactly("base-inheritance");
    assertThat(onlyTwo.errors().get(0).message())
        .contains(REGISTRY.host() + "/base/java17:2@" + BASE_V2.manifestDigest());
    // No tags: every tag of the repository (1, 2, latest) is accepted.
    assertThat(check(profile(""), app(BASE_V1, "a"), false).get(0).passed()).isTrue();
  }

  @Test
  void aFreshMachineChecksAnImageTheFleetHasSeenWithoutReadingItsLayers() throws Exception {
    PlatformProfile profile =
        ProfileParser.parse(
            "schemaVersion: 1\ncache:\n  repository: " + REGISTRY.host() + "/paas/check-cache\n",
            "cache.yaml",
            profile(""));
    OciFixtures.Image image = app(BASE_V1, "fleet");
    Path archive = OciFixtures.ociArchive(image, dir.resolve("fleet.tar"));
    ComplianceGate.Target target =
        new ComplianceGate.Target(
            "test",
            ImageReference.parse("oci-archive:" + archive, "image"),
            Optional.of(image.manifestDigest()));
    List<String> reads = new ArrayList<>();
    for (String machine : List.of("one", "two")) {
      RecordingLog machineLog = new RecordingLog();
      CheckReport report =
          new ComplianceGate(
                  dir.resolve(machine),
                  CredentialSource.none(),
                  true,
                  false,
                  Optional.empty(),
                  Optional.empty(),
                  machineLog)
              .check(
                  List.of(target),
                  profile,
                  Optional.empty(),
                  Optional.empty(),
                  List.of(),
                  LocalDate.of(2026, 11, 28),
                  ComplianceGate.Advisories.none(),
                  dir.resolve("reports-" + machine),
                  "test")
              .get(0);
      assertThat(report.passed()).isTrue();
      reads.add(
          machineLog.lines().stream()
              .filter(l -> l.contains("Reading "))
              .findFirst()
              .orElse("none"));
    }
    assertThat(reads.get(0)).contains("Reading 3 of 3 layers");
    assertThat(reads.get(1)).isEqualTo("none");
  }

  @Test
  void cosignTagsAreNotVersionsOfAnOfficialBase() throws Exception {
    push(
        OciFixtures.image(OciFixtures.layer(Map.of("payload", "{}"))),
        "base/java17:sha256-" + BASE_V1.manifestDigest().substring(7) + ".sig");
    OciFixtures.Image lookalike =
        OciFixtures.withConfig(
            OciFixtures.image(
                OciFixtures.layer(Map.of("etc/passwd", "app:x:1000:1000::/:/bin/sh\n"))),
            c -> c.with("config").put("User", "app"));
    CheckReport report = check(profile(""), lookalike, false).get(0);
    assertThat(report.errors().get(0).message())
        .contains("/base/java17:1@")
        .contains("/base/java17:2@")
        .doesNotContain(".sig");
    // Offline, the tag list read online is used again.
    assertThat(check(profile(""), app(BASE_V2, "h"), true).get(0).passed()).isTrue();
  }

  @Test
  void reportsAreWrittenAndThePushGateReadsThem() throws Exception {
    OciFixtures.Image image = app(BASE_V1, "b");
    check(profile("    tags: [\"1\"]\n"), image, false);
    Path reports = dir.resolve("reports");
    assertThat(reports.resolve("test.json")).isRegularFile();
    assertThat(reports.resolve("test.sarif")).isRegularFile();
    assertThat(reports.resolve("TEST-paas-test.xml")).isRegularFile();
    assertThat(JsonReport.read(reports.resolve("test.json")).digest())
        .isEqualTo(image.manifestDigest());

    ComplianceGate.requirePassed(reports, "test", "r/app:1-test", image.manifestDigest());
    assertThatThrownBy(
            () ->
                ComplianceGate.requirePassed(
                    reports, "test", "r/app:1-test", "sha256:" + "0".repeat(64)))
        .hasMessage(
            "Refusing to push r/app:1-test (test): its check report "
                + reports.resolve("test.json")
                + " is for "
                + image.manifestDigest()
                + ", not for the image built now (sha256:"
                + "0".repeat(64)
                + "); run paas:check again");
    assertThatThrownBy(
            () ->
                ComplianceGate.requirePassed(
                    reports, "prod", "r/app:1-prod", image.manifestDigest()))
        .hasMessageContaining("it has not passed paas:check")
        .hasMessageContaining("prod.json does not exist");

    OciFixtures.Image root =
        OciFixtures.withConfig(app(BASE_V1, "c"), c -> c.with("config").put("User", "root"));
    check(profile("    tags: [\"1\"]\n"), root, false);
    assertThatThrownBy(
            () ->
                ComplianceGate.requirePassed(
                    reports, "test", "r/app:1-test", root.manifestDigest()))
        .hasMessageContaining("paas:check found 1 unwaived error(s)");
    Files.writeString(reports.resolve("test.json"), "{\"image\": 1");
    assertThatThrownBy(
            () ->
                ComplianceGate.requirePassed(
                    reports, "test", "r/app:1-test", root.manifestDigest()))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void aRecordedDigestThatNoLongerMatchesIsAnError() throws Exception {
    OciFixtures.Image image = app(BASE_V1, "d");
    Path archive = OciFixtures.ociArchive(image, dir.resolve("d.tar"));
    ComplianceGate.Target target =
        new ComplianceGate.Target(
            "test",
            ImageReference.parse("oci-archive:" + archive, "image"),
            Optional.of("sha256:" + "1".repeat(64)));
    assertThatThrownBy(
            () ->
                gate(false)
                    .check(
                        List.of(target),
                        profile(""),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        LocalDate.now(),
                        ComplianceGate.Advisories.none(),
                        dir.resolve("reports"),
                        "t"))
        .hasMessageContaining("it changed after the build; build again");
  }

  @Test
  void anImageInTheRegistryIsCheckedAndItsLayersAreReadOnce() throws Exception {
    OciFixtures.Image image = app(BASE_V1, "e");
    push(image, "team/app:1");
    ComplianceGate.Target target =
        new ComplianceGate.Target(
            "image",
            ImageReference.parse(REGISTRY.host() + "/team/app:1", "-Dpaas.image"),
            Optional.empty());
    List<CheckReport> first =
        gate(false)
            .check(
                List.of(target),
                profile(""),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                LocalDate.now(),
                ComplianceGate.Advisories.none(),
                dir.resolve("reports"),
                "t");
    assertThat(first.get(0).digest()).isEqualTo(image.manifestDigest());
    assertThat(first.get(0).passed()).isTrue();
    assertThat(log.text()).contains("Reading 3 of 3 layers");
    log.clear();
    // Offline, from the pinned digest, the cached blobs and facts.
    List<CheckReport> again =
        gate(true)
            .check(
                List.of(target),
                profile(""),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                LocalDate.now(),
                ComplianceGate.Advisories.none(),
                dir.resolve("reports"),
                "t");
    assertThat(again.get(0).findings()).isEqualTo(first.get(0).findings());
    assertThat(log.text()).doesNotContain("Reading");
  }

  @Test
  void aRegistryThatFailsMidwayIsAClearErrorAndARetryWorks() throws Exception {
    OciFixtures.Image image = app(BASE_V1, "midway");
    push(image, "team/midway:1");
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      proxy.failBlobDownloads(RegistryProxy.Fault.TRUNCATE_BODY);
      ComplianceGate.Target target =
          new ComplianceGate.Target(
              "image",
              ImageReference.parse(proxy.host() + "/team/midway:1", "-Dpaas.image"),
              Optional.empty());
      PlatformProfile official = profile("");
      assertThatThrownBy(
              () ->
                  gate(false)
                      .check(
                          List.of(target),
                          official,
                          Optional.empty(),
                          Optional.empty(),
                          List.of(),
                          LocalDate.now(),
                          ComplianceGate.Advisories.none(),
                          dir.resolve("reports"),
                          "t"))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("Check that the registry is up");
      assertThat(dir.resolve("reports/image.json")).doesNotExist();
      try (var blobs = Files.walk(dir.resolve("cache/blobs"))) {
        assertThat(blobs.filter(f -> f.toString().endsWith(".part"))).isEmpty();
      }
      proxy.healDownloads();
      CheckReport report =
          gate(false)
              .check(
                  List.of(target),
                  official,
                  Optional.empty(),
                  Optional.empty(),
                  List.of(),
                  LocalDate.now(),
                  ComplianceGate.Advisories.none(),
                  dir.resolve("reports"),
                  "t")
              .get(0);
      assertThat(report.passed()).isTrue();
    }
  }

  @Test
  void aDockerArchiveIsReadOnceToo() throws Exception {
    OciFixtures.Image image = app(BASE_V1, "f");
    Path archive = OciFixtures.dockerArchive(image, "team/app:1", dir.resolve("app.docker.tar"));
    ComplianceGate.Target target =
        new ComplianceGate.Target(
            "image",
            ImageReference.parse("docker-archive:" + archive, "-Dpaas.image"),
            Optional.empty());
    CheckReport first =
        gate(false)
            .check(
                List.of(target),
                profile(""),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                LocalDate.now(),
                ComplianceGate.Advisories.none(),
                dir.resolve("reports"),
                "t")
            .get(0);
    assertThat(first.passed()).isTrue();
    log.clear();
    gate(false)
        .check(
            List.of(target),
            profile(""),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            LocalDate.now(),
            ComplianceGate.Advisories.none(),
            dir.resolve("reports"),
            "t");
    assertThat(log.text()).doesNotContain("Reading");
  }

  @Test
  void aCustomBaseMustDeriveFromAnOfficialOneBeforeTheBuildComposesOnIt() throws Exception {
    OciFixtures.Image custom = app(BASE_V1, "team base");
    push(custom, "team/base:1");
    officialBases()
        .requireOfficialBase(
            profile(""), ImageReference.parse(REGISTRY.host() + "/team/base:1", "b"));
    OciFixtures.Image lookalike =
        OciFixtures.image(OciFixtures.layer(Map.of("etc/passwd", "app:x:1000:1000::/:/bin/sh\n")));
    Path archive = OciFixtures.ociArchive(lookalike, dir.resolve("lookalike.tar"));
    assertThatThrownBy(
            () ->
                officialBases()
                    .requireOfficialBase(
                        profile(""), ImageReference.parse("oci-archive:" + archive, "b")))
        .hasMessageStartingWith(
            "<baseImage> oci-archive:"
                + archive
                + " is not an official base and "
                + "does not derive from one (rule base-inheritance)")
        .hasMessageContaining("java17 (" + REGISTRY.host() + "/base/java17:1)");
    // A profile without official images takes <baseImage> as the official one: nothing to compare.
    officialBases()
        .requireOfficialBase(
            PlatformProfiles.embedded(), ImageReference.parse("oci-archive:" + archive, "b"));
  }

  @Test
  void offlineAnOfficialBaseNeverResolvedSaysWhatToDo() throws Exception {
    assertThatThrownBy(() -> check(profile("    tags: [\"1\"]\n"), app(BASE_V1, "g"), true))
        .hasMessageContaining(
            "Offline (-o) and the official base image "
                + REGISTRY.host()
                + "/base/java17:1 has never been pulled on this machine: check once online");
  }

  private static OciFixtures.Image debianBase(String aptVersion) {
    return OciFixtures.withConfig(
        OciFixtures.image(
            OciFixtures.layer(
                Map.of(
                    "usr/lib/os-release",
                    "ID=debian\nVERSION_ID=\"12\"\n",
                    "var/lib/dpkg/status",
                    "Package: apt\nStatus: install ok installed\nArchitecture: amd64\n"
                        + "Version: "
                        + aptVersion
                        + "\n"))),
        c -> c.with("config").put("User", "1000"));
  }

  @Test
  void vulnerabilitiesAreMatchedWithTheAdvisoriesLoadedOnceAndTheSbomIsWritten() throws Exception {
    OciFixtures.Image old = debianBase("2.6.1");
    OciFixtures.Image fixed = debianBase("2.6.1+deb12u1");
    push(old, "base/debian:12.1");
    push(fixed, "base/debian:12.2");
    Path osv = Files.createDirectories(dir.resolve("osv"));
    Files.writeString(
        osv.resolve("DSA-9999-1.json"),
        """
        {"id": "DSA-9999-1", "aliases": ["CVE-2026-0001"], "summary": "apt: test advisory",
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
         "affected": [{"package": {"name": "apt", "ecosystem": "Debian:12"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.6.1+deb12u1"}]}]}]}
        """);
    PlatformProfile profile =
        ProfileParser.parse(
            "schemaVersion: 1\nofficialImages:\n  - name: debian\n"
                + "    repository: "
                + REGISTRY.host()
                + "/base/debian\n",
            "test.yaml",
            PlatformProfiles.embedded());
    List<ComplianceGate.Target> targets = new ArrayList<>();
    for (String name : List.of("test", "prod")) {
      OciFixtures.Image image =
          OciFixtures.withConfig(app(old, name), c -> c.with("config").put("User", "1000"));
      Path archive = OciFixtures.ociArchive(image, dir.resolve(name + ".tar"));
      targets.add(
          new ComplianceGate.Target(
              name,
              ImageReference.parse("oci-archive:" + archive, "image"),
              Optional.of(image.manifestDigest())));
    }

    List<CheckReport> reports =
        gate(false)
            .check(
                targets,
                profile,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                LocalDate.of(2026, 11, 28),
                new ComplianceGate.Advisories(
                    Optional.of(osv), false, URI.create("http://127.0.0.1:9")),
                dir.resolve("reports"),
                "test");

    for (CheckReport report : reports) {
      assertThat(report.errors()).extracting(ReportedFinding::id).containsExactly("DSA-9999-1");
      assertThat(report.errors().get(0).message())
          .isEqualTo(
              "DSA-9999-1 (CVE-2026-0001) in apt 2.6.1, "
                  + "CRITICAL 9.8: apt: test advisory; fixed in 2.6.1+deb12u1; the official base debian ("
                  + REGISTRY.host()
                  + "/base/debian:12.2) has the fix");
      String bom = Files.readString(dir.resolve("reports/" + report.name() + ".cdx.json"));
      assertThat(bom)
          .contains(
              "\"specVersion\" : \"1.6\"", "pkg:deb/debian/apt@2.6.1?arch=amd64&distro=debian-12");
    }
    assertThat(log.lines()).filteredOn(l -> l.contains("advisories from")).hasSize(1);
    assertThat(JsonReport.read(dir.resolve("reports/test.json")).findings()).hasSize(1);
  }

  @Test
  void aMalformedAdvisoryStopsTheCheckNamingItsFile() throws Exception {
    Path osv = Files.createDirectories(dir.resolve("bad-osv"));
    Files.writeString(osv.resolve("broken.json"), "{\"id\": \"X-1\", \"affected\": 3}");
    PlatformProfile profile = profile("    tags: [\"1\"]\n");
    Path archive = OciFixtures.ociArchive(app(BASE_V1, "a"), dir.resolve("a.tar"));
    ComplianceGate.Target target =
        new ComplianceGate.Target(
            "test", ImageReference.parse("oci-archive:" + archive, "image"), Optional.empty());

    assertThatThrownBy(
            () ->
                gate(false)
                    .check(
                        List.of(target),
                        profile,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        LocalDate.of(2026, 11, 28),
                        new ComplianceGate.Advisories(
                            Optional.of(osv), false, URI.create("http://127.0.0.1:9")),
                        dir.resolve("reports"),
                        "test"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("broken.json")
        .hasMessageContaining("affected");
    assertThatThrownBy(
            () ->
                gate(false)
                    .check(
                        List.of(target),
                        profile,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        LocalDate.of(2026, 11, 28),
                        new ComplianceGate.Advisories(
                            Optional.of(dir.resolve("missing")),
                            false,
                            URI.create("http://127.0.0.1:9")),
                        dir.resolve("reports"),
                        "test"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(dir.resolve("missing").toString());
  }

  @Test
  void theOsvApiIsAskedForTheImagesPackagesWhereAllowed() throws Exception {
    OciFixtures.Image base = debianBase("2.6.1");
    push(base, "base/debian-api:1");
    String advisory =
        """
        {"id": "DSA-9998-1", "aliases": ["CVE-2026-0002"], "summary": "apt: from the API",
         "database_specific": {"severity": "HIGH"},
         "affected": [{"package": {"name": "apt", "ecosystem": "Debian:12"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.6.2"}]}]}]}
        """;
    List<String> asked = Collections.synchronizedList(new ArrayList<>());
    HttpServer api =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/v1/querybatch",
        exchange -> {
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          asked.add(request);
          byte[] body = ("{\"results\": [{\"vulns\": [{\"id\": \"DSA-9998-1\"}]}]}").getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.createContext(
        "/v1/vulns/DSA-9998-1",
        exchange -> {
          byte[] body = advisory.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
    try {
      PlatformProfile profile =
          ProfileParser.parse(
              "schemaVersion: 1\nofficialImages:\n  - name: debian\n"
                  + "    repository: "
                  + REGISTRY.host()
                  + "/base/debian-api\n",
              "test.yaml",
              PlatformProfiles.embedded());
      OciFixtures.Image image =
          OciFixtures.withConfig(app(base, "x"), c -> c.with("config").put("User", "1000"));
      Path archive = OciFixtures.ociArchive(image, dir.resolve("api.tar"));
      ComplianceGate.Target target =
          new ComplianceGate.Target(
              "test", ImageReference.parse("oci-archive:" + archive, "image"), Optional.empty());

      CheckReport report =
          gate(false)
              .check(
                  List.of(target),
                  profile,
                  Optional.empty(),
                  Optional.empty(),
                  List.of(),
                  LocalDate.of(2026, 11, 28),
                  new ComplianceGate.Advisories(
                      Optional.empty(),
                      true,
                      URI.create("http://127.0.0.1:" + api.getAddress().getPort())),
                  dir.resolve("reports"),
                  "test")
              .get(0);

      assertThat(asked).hasSize(1);
      assertThat(asked.get(0))
          .contains("\"name\":\"apt\"", "\"ecosystem\":\"Debian:12\"", "\"version\":\"2.6.1\"");
      assertThat(report.errors()).extracting(ReportedFinding::id).containsExactly("DSA-9998-1");
      assertThat(report.errors().get(0).message())
          .startsWith("DSA-9998-1 (CVE-2026-0002) in apt 2.6.1, HIGH: ");
    } finally {
      api.stop(0);
    }
  }
}
