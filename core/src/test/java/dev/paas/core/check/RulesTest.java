package dev.paas.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.platform.Policy;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TarLayer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule through a whole check of an image made in code: one that passes, ones that fail. */
class RulesTest {
  @TempDir Path dir;
  CheckFixture fixture;

  static final OciFixtures.Layer SYSTEM =
      new TarLayer()
          .dir("etc", 0755)
          .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
          .file("etc/group", "root:x:0:\napp:x:1000:\n")
          .dir("etc/ssl/certs", 0755)
          .file(
              "etc/ssl/certs/ca.pem",
              "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
          .dir("usr/bin", 0755)
          .file("usr/bin/tool", "#!/bin/sh\n".getBytes(), 0755, 0, 0)
          .file("usr/bin/passwd", "elf".getBytes(), 04755, 0, 0)
          .dir("tmp", 01777)
          .layer();
  static final OciFixtures.Image BASE = OciFixtures.image(SYSTEM);

  @BeforeEach
  void setUp() {
    fixture = new CheckFixture(dir);
  }

  private static OciFixtures.Image image(String user, OciFixtures.Layer... upper) {
    List<OciFixtures.Layer> layers = new ArrayList<>(BASE.layers());
    layers.addAll(List.of(upper));
    return OciFixtures.withConfig(
        OciFixtures.image(Map.of(), layers), c -> c.with("config").put("User", user));
  }

  private static OciFixtures.Layer app() {
    return OciFixtures.layer(Map.of("app/classes/Main.class", "cafebabe"));
  }

  private CheckReport check(OciFixtures.Image image) throws Exception {
    return fixture.check(image, BASE);
  }

  @Test
  void aCompliantImagePassesEveryRule() throws Exception {
    CheckReport report = check(image("app", app()));
    assertThat(report.findings()).isEmpty();
    assertThat(report.passed()).isTrue();
    // No public key in the policy: base-signature does not run; no project: no descriptors.
    assertThat(report.rules())
        .extracting(CheckReport.RuleLevel::rule)
        .containsExactly(
            "base-inheritance", "non-root", "secrets", "setuid", "world-writable", "base-tamper");
  }

  @Test
  void baseInheritanceFailsWhenTheLayersDoNotStartWithTheOfficialBase() throws Exception {
    OciFixtures.Image lookalike =
        OciFixtures.withConfig(
            OciFixtures.image(
                OciFixtures.layer(Map.of("etc/passwd", "app:x:1000:1000::/:/bin/sh\n")), app()),
            c -> c.with("config").put("User", "1000"));
    CheckReport report = check(lookalike);
    assertThat(CheckFixture.rulesFailing(report)).containsExactly("base-inheritance");
    assertThat(report.errors().get(0).message())
        .contains("not built on an official base")
        .contains("java17 (registry.example/base/java17:1@" + BASE.manifestDigest());
  }

  @Test
  void aCustomBaseDerivedFromTheOfficialOnePasses() throws Exception {
    OciFixtures.Layer team = OciFixtures.layer(Map.of("opt/team/fonts.txt", "fonts"));
    assertThat(check(image("app", team, app())).passed()).isTrue();
  }

  @Test
  void baseInheritanceWithoutAnyOfficialBaseFails() throws Exception {
    CheckReport report =
        fixture.check(image("app", app()), CheckFixture.policy(), List.of(), List.of());
    // Without a base every layer is the team's: the base's setuid passwd counts too.
    assertThat(report.errors())
        .filteredOn(f -> f.rule().equals("base-inheritance"))
        .extracting(ReportedFinding::message)
        .containsExactly(
            "No official base image is known to compare with: the platform profile "
                + "lists no officialImages and no <baseImage> is configured");
  }

  @Test
  void nonRootFailsForEveryWayOfBeingRoot() throws Exception {
    for (String user : List.of("", "root", "0", "0:0", "root:app")) {
      CheckReport report = check(image(user, app()));
      assertThat(CheckFixture.rulesFailing(report)).as(user).containsExactly("non-root");
      assertThat(report.errors().get(0).location().text()).isEqualTo("config User");
    }
  }

  @Test
  void nonRootResolvesNamesThroughTheImagesOwnFinalPasswd() throws Exception {
    assertThat(check(image("app", app())).passed()).isTrue();
    assertThat(check(image("1000:1000", app())).passed()).isTrue();
    assertThat(check(image("app:app", app())).passed()).isTrue();
    // A name the app's layer maps to uid 0.
    OciFixtures.Layer toor =
        OciFixtures.layer(
            Map.of(
                "etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\ntoor:x:0:0::/:/bin/sh\n"));
    assertThat(check(image("toor", toor)).errors())
        .extracting(ReportedFinding::message)
        .containsExactly("User 'toor' is uid 0 (root)");
    assertThat(check(image("ghost", app())).errors().get(0).message())
        .contains("'ghost' is not in the image's /etc/passwd");
    assertThat(check(image("app:staff", app())).errors().get(0).message())
        .contains("Group 'staff'");
    // A later layer deletes /etc/passwd: the name no longer resolves.
    OciFixtures.Layer deleted = new TarLayer().file("etc/.wh.passwd", "").layer();
    assertThat(check(image("app", deleted)).errors().get(0).message())
        .contains("no readable /etc/passwd");
  }

  @Test
  void setuidAndDevicesAboveTheBaseFailButTheBasesOwnDoNot() throws Exception {
    OciFixtures.Layer upper =
        new TarLayer()
            .file("app/bin/helper", "x".getBytes(), 04755, 0, 0)
            .file("app/bin/group", "x".getBytes(), 02755, 0, 0)
            .device("app/dev/sda", TarConstants.LF_BLK)
            .layer();
    CheckReport report = check(image("app", upper));
    assertThat(report.errors()).extracting(ReportedFinding::rule).containsOnly("setuid");
    assertThat(report.errors())
        .extracting(ReportedFinding::id)
        .containsExactly("/app/bin/helper", "/app/bin/group", "/app/dev/sda");
    assertThat(report.errors().get(0).message())
        .isEqualTo("/app/bin/helper is setuid (mode 4755, owner 0)");
    assertThat(report.errors().get(0).location().text()).startsWith("layer 1 (sha256:");
  }

  @Test
  void worldWritableAboveTheBaseFailsExceptStickyDirectories() throws Exception {
    OciFixtures.Layer upper =
        new TarLayer()
            .dir("app/shared", 0777)
            .dir("app/tmp", 01777)
            .file("app/data.txt", "x".getBytes(), 0666, 0, 0)
            .symlink("app/link", "data.txt")
            .layer();
    CheckReport report = check(image("app", upper));
    assertThat(report.errors())
        .extracting(ReportedFinding::id)
        .containsExactly("/app/shared", "/app/data.txt");
    assertThat(report.errors()).extracting(ReportedFinding::rule).containsOnly("world-writable");
  }

  @Test
  void baseTamperFailsForDeletingOrReplacingProtectedFilesButNotForAdding() throws Exception {
    OciFixtures.Layer tamper =
        new TarLayer()
            .file("usr/bin/tool", "#!/bin/sh\necho pwned\n".getBytes(), 0755, 0, 0)
            .file("etc/ssl/certs/.wh.ca.pem", "")
            .file("usr/bin/newtool", "new".getBytes(), 0755, 0, 0)
            .dir("usr/bin", 0755)
            .file("../../usr/bin/escaped", "x")
            .layer();
    CheckReport report = check(image("app", tamper));
    assertThat(report.errors()).extracting(ReportedFinding::rule).containsOnly("base-tamper");
    assertThat(report.errors())
        .extracting(ReportedFinding::message)
        .containsExactly(
            "Replaces /usr/bin/tool of the official base (a file of 10 bytes becomes a file of 21 bytes)",
            "Deletes /etc/ssl/certs/ca.pem, taking 1 protected file(s) of the official base with it, e.g. /etc/ssl/certs/ca.pem",
            "An entry's name climbs out of the image's root with '..' (written here as /usr/bin/escaped): some tools unpack it outside the container");
    OciFixtures.Layer opaque = new TarLayer().file("usr/bin/.wh..wh..opq", "").layer();
    assertThat(check(image("app", opaque)).errors().get(0).message())
        .startsWith("Empties /usr/bin, taking 2 protected file(s)");
  }

  @Test
  void secretsAreFoundInFilesALaterLayerDeletesAndInTheConfig() throws Exception {
    OciFixtures.Layer added =
        OciFixtures.layer(
            Map.of(
                "app/config/application.properties",
                "db.url=jdbc:postgresql://db/orders\ndb.password=s3cr3tP4ssw0rd!\n"));
    OciFixtures.Layer removed =
        new TarLayer().file("app/config/.wh.application.properties", "").layer();
    OciFixtures.Image image =
        OciFixtures.withConfig(
            image("app", added, removed),
            c -> {
              c.with("config")
                  .withArray("Env")
                  .add("API_TOKEN=ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");
            });
    CheckReport report = check(image);
    assertThat(report.errors()).extracting(ReportedFinding::rule).containsOnly("secrets");
    assertThat(report.errors())
        .extracting(f -> f.location().text())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("layer 1 (")
                    .endsWith(") /app/config/application.properties:2"));
    assertThat(report.errors())
        .extracting(f -> f.location().text())
        .contains("config Env API_TOKEN");
    assertThat(report.errors())
        .allSatisfy(
            f -> {
              assertThat(f.message())
                  .doesNotContain("s3cr3tP4ssw0rd!")
                  .doesNotContain("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");
              assertThat(f.id()).isEqualTo(f.fingerprint()).matches("[0-9a-f]{16}");
            });
  }

  @Test
  void waiversAllowListsAndLevelsDecideWhatFails() throws Exception {
    OciFixtures.Layer upper =
        new TarLayer()
            .file("app/data.txt", "x".getBytes(), 0666, 0, 0)
            .file("app/bin/helper", "x".getBytes(), 04755, 0, 0)
            .layer();
    OciFixtures.Image image = image("app", upper);
    Policy policy = CheckFixture.policy();
    Waiver inForce =
        new Waiver(
            "world-writable", "/app/data.txt", "shared by design", LocalDate.of(2027, 1, 31));
    Waiver expired = new Waiver("setuid", "/app/bin/helper", "legacy", LocalDate.of(2026, 11, 27));
    Waiver unused = new Waiver("secrets", "0123456789abcdef", "old", LocalDate.of(2027, 1, 31));
    CheckReport report =
        fixture.check(
            image, policy, List.of(CheckFixture.official(BASE)), List.of(inForce, expired, unused));
    assertThat(report.findings())
        .extracting(ReportedFinding::id, ReportedFinding::waived)
        .containsExactly(Tuple.tuple("/app/bin/helper", false), Tuple.tuple("/app/data.txt", true));
    assertThat(report.errors()).extracting(ReportedFinding::id).containsExactly("/app/bin/helper");
    assertThat(report.notes()).hasSize(2);
    assertThat(report.notes().get(0)).contains("setuid /app/bin/helper").contains("has expired");
    assertThat(report.notes().get(1)).contains("matches no finding");

    Map<String, Policy.Level> levels = new LinkedHashMap<>(policy.levels());
    levels.put("setuid", Policy.Level.WARN);
    levels.put("world-writable", Policy.Level.OFF);
    Policy relaxed =
        new Policy(
            levels,
            policy.severity(),
            policy.protectedPaths(),
            policy.runtimeDescriptors(),
            Optional.empty(),
            List.of());
    CheckReport warned =
        fixture.check(image, relaxed, List.of(CheckFixture.official(BASE)), List.of());
    assertThat(warned.passed()).isTrue();
    assertThat(warned.findings())
        .extracting(ReportedFinding::rule, ReportedFinding::severity)
        .containsExactly(Tuple.tuple("setuid", "warn"));
    assertThat(warned.rules())
        .extracting(CheckReport.RuleLevel::rule)
        .doesNotContain("world-writable");
  }

  @Test
  void theBaseIsReadOncePerMachine() throws Exception {
    CheckReport first = check(image("app", app()));
    assertThat(fixture.log.text()).contains("Reading 2 of 2 layers");
    OciFixtures.Layer other = OciFixtures.layer(Map.of("app/classes/Other.class", "x"));
    fixture.log.clear();
    CheckReport second = check(image("app", other));
    assertThat(fixture.log.text()).contains("Reading 1 of 2 layers");
    fixture.log.clear();
    CheckReport again = check(image("app", app()));
    assertThat(fixture.log.text()).doesNotContain("Reading");
    assertThat(again.findings()).isEqualTo(first.findings());
    assertThat(second.passed()).isTrue();
  }
}
