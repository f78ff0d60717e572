package dev.paas.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.image.ImageReference;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.testing.HostileImages;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate proves the stored bytes of the layers it has facts for as soon as an image is open,
 * before the rules compile: a forged twin of an image checked before still fails, at its turn.
 */
class GateProvesAheadTest {
  static final List<OciFixtures.Layer> TWINS = HostileImages.sameSizeTwins();
  static final OciFixtures.Image HONEST = HostileImagesTest.HONEST_TWIN;

  @TempDir Path dir;
  final RecordingLog log = new RecordingLog();

  private List<CheckReport> check(String reports, Path... archives) throws Exception {
    Path base = OciFixtures.ociArchive(HostileImagesTest.BASE, dir.resolve("base.tar"));
    List<ComplianceGate.Target> targets = new ArrayList<>();
    for (Path archive : archives) {
      targets.add(
          new ComplianceGate.Target(
              archive.getFileName().toString().replace(".tar", ""),
              ImageReference.parse("oci-archive:" + archive, "image"),
              Optional.empty()));
    }
    return new ComplianceGate(dir.resolve("cache"), CredentialSource.none(), true, true, log)
        .check(
            targets,
            PlatformProfiles.embedded(),
            Optional.of("oci-archive:" + base),
            Optional.empty(),
            List.of(),
            CheckFixture.TODAY,
            ComplianceGate.Advisories.none(),
            dir.resolve(reports),
            "test");
  }

  private Path twin() {
    return OciFixtures.writeTar(
        HostileImages.forgedTwin(HONEST, 1, TWINS.get(1)), dir.resolve("twin.tar"), "");
  }

  @Test
  void aForgedTwinFailsThroughTheGateAfterTheHonestOneWasCached() throws Exception {
    Path honest = OciFixtures.ociArchive(HONEST, dir.resolve("honest.tar"));
    assertThat(check("reports-1", honest).get(0).passed()).isTrue();
    Path twin = twin();

    assertThatThrownBy(() -> check("reports-2", twin))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 2 of oci-archive:" + twin)
        .hasMessageContaining(
            "is "
                + TWINS.get(1).digest()
                + ", not "
                + TWINS.get(0).digest()
                + " as its manifest names it");
  }

  @Test
  void aForgedTwinAmongSeveralImagesFailsAtItsTurnAfterTheOthersReports() throws Exception {
    Path honest = OciFixtures.ociArchive(HONEST, dir.resolve("honest.tar"));
    assertThat(check("reports-1", honest).get(0).passed()).isTrue();
    Path again = Files.copy(honest, dir.resolve("again.tar"));
    Path twin = twin();

    assertThatThrownBy(() -> check("reports-2", again, twin))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 2 of oci-archive:" + twin);
    assertThat(dir.resolve("reports-2/again.json")).exists();
    assertThat(dir.resolve("reports-2/twin.json")).doesNotExist();
  }

  @Test
  void aForgedTwinOpenedBeforeTheProfileIsReadFailsAsBefore() throws Exception {
    Path base = OciFixtures.ociArchive(HostileImagesTest.BASE, dir.resolve("base.tar"));
    Path honest = OciFixtures.ociArchive(HONEST, dir.resolve("honest.tar"));
    assertThat(check("reports-1", honest).get(0).passed()).isTrue();
    Path twin = twin();
    ComplianceGate gate =
        new ComplianceGate(dir.resolve("cache"), CredentialSource.none(), true, true, log);

    try (OpenedTargets opened =
        gate.open(
            List.of(
                new ComplianceGate.Target(
                    "twin",
                    ImageReference.parse("oci-archive:" + twin, "image"),
                    Optional.empty())))) {
      // what the plugin does between opening and checking
      PlatformProfile profile = PlatformProfiles.embedded();

      assertThatThrownBy(
              () ->
                  gate.check(
                      opened,
                      profile,
                      Optional.of("oci-archive:" + base),
                      Optional.empty(),
                      List.of(),
                      CheckFixture.TODAY,
                      ComplianceGate.Advisories.none(),
                      dir.resolve("reports-2"),
                      "test"))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("layer 2 of 2 of oci-archive:" + twin);
    }
    assertThat(dir.resolve("reports-2/twin.json")).doesNotExist();
  }

  @Test
  void aMissingImageFailsAtItsTurnAsBefore() throws Exception {
    Path honest = OciFixtures.ociArchive(HONEST, dir.resolve("honest.tar"));
    Path missing = dir.resolve("missing.tar");

    assertThatThrownBy(() -> check("reports", honest, missing))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(missing.toString());
    assertThat(dir.resolve("reports/honest.json")).exists();
  }
}
