package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apt-get in the sandbox on the real Debian + JRE base (scripts/base-image.sh), as a build that
 * runs as root makes it: the step's ids are mapped to an unprivileged range that holds the image's
 * users, so apt hands its downloads to its _apt user, on the isolated network.
 */
class DebianRunTest {
  @TempDir Path dir;

  static Path debianBase() {
    Path archive =
        Path.of(
            System.getProperty(
                "paas.it.baseArchive",
                System.getProperty("user.home") + "/.cache/paas/base-image/base.oci.tar"));
    assertThat(archive).as("the Debian base image: run scripts/base-image.sh").isRegularFile();
    return archive;
  }

  @Test
  void aptGetInstallsAPackageWithTheImagesOwnUsers() throws Exception {
    RecordingLog log = new RecordingLog();
    try (OciImage base =
        OciImage.open(ImageReference.parse("oci-archive:" + debianBase(), "base"))) {
      List<RunLayer> layers =
          new ImageRun(
                  dir.resolve("cache"),
                  new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(10), 16L << 30),
                  log)
              .layers(
                  base,
                  List.of(
                      RunStep.script(
                          "image-env",
                          String.join(
                              "\n",
                              "set -e",
                              "apt-get update -qq",
                              "apt-get install -y -qq --no-install-recommends wget",
                              "stat -c %U /var/cache/apt/archives/partial > /opt/partial-owner",
                              "apt-get clean",
                              "rm -rf /var/lib/apt/lists/*",
                              ""),
                          Optional.empty(),
                          Map.of())));

      assertThat(log.lines()).anyMatch(l -> l.contains("sandbox: root, network: isolated"));
      var entries = ImageRunTest.entries(layers.get(0));
      assertThat(entries).containsKeys("usr/bin/wget", "var/lib/dpkg/status");
      assertThat(entries.get("usr/bin/wget").getMode() & 0777).isEqualTo(0755);
      assertThat(entries.get("usr/bin/wget").getLongUserId()).isZero();
      assertThat(ImageRunTest.contents(layers.get(0)).get("opt/partial-owner")).isEqualTo("_apt\n");
      // The sandbox's APT configuration stays out of the image.
      assertThat(entries.keySet())
          .noneMatch(n -> n.startsWith(".paas-run") || n.contains("apt.conf"));
    }
    assertThat(Files.list(dir.resolve("cache")).map(p -> p.getFileName().toString()))
        .noneMatch(n -> n.startsWith("work-"));
  }
}
