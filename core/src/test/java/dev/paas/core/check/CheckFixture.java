package dev.paas.core.check;

import dev.paas.core.PaasException;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.Policy;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Checks images made in code with the real rules, scanner and cache, without a registry. */
final class CheckFixture {
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  final RecordingLog log = new RecordingLog();
  final Path dir;
  final ImageCheck check;

  CheckFixture(Path dir) {
    this.dir = dir;
    check =
        ImageCheck.withCache(
            dir.resolve("cache"),
            (base, key) -> {
              throw new AssertionError("no signature is looked up without a key");
            },
            log);
  }

  static Policy policy() {
    try {
      return PlatformProfiles.embedded().policy();
    } catch (PaasException e) {
      throw new IllegalStateException(e);
    }
  }

  static OfficialBase official(OciFixtures.Image base) {
    return new OfficialBase(
        "java17", "registry.example/base/java17:1", base.manifestDigest(), base.diffIds());
  }

  CheckReport check(OciFixtures.Image image, OciFixtures.Image base) throws Exception {
    return check(image, policy(), List.of(official(base)), List.of());
  }

  CheckReport check(
      OciFixtures.Image image, Policy policy, List<OfficialBase> officials, List<Waiver> waivers)
      throws Exception {
    Path archive =
        OciFixtures.ociArchive(
            image, dir.resolve("image-" + image.manifestDigest().substring(7, 19) + ".tar"));
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      return check
          .check(
              new ImageCheck.Request(
                  "test",
                  "oci-archive:" + archive,
                  policy,
                  officials,
                  Optional.empty(),
                  waivers,
                  TODAY,
                  inventory -> Optional.empty(),
                  base -> Optional.empty()),
              source)
          .report();
    }
  }

  static List<String> rulesFailing(CheckReport report) {
    return report.errors().stream().map(ReportedFinding::rule).distinct().toList();
  }
}
