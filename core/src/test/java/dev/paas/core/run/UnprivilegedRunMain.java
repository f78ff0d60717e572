package dev.paas.core.run;

import dev.paas.core.BuildLog;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.testing.BusyboxImage;
import dev.paas.core.testing.OciFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a step on the busybox image in a JVM of its own, and prints the log and the layer's entries
 * (name, uid, content): {@link UnprivilegedRunTest} starts it as an unprivileged user, {@link
 * SandboxInterruptTest} interrupts it. The script is the second argument, if any.
 */
public final class UnprivilegedRunMain {
  private UnprivilegedRunMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    BuildLog log =
        new BuildLog() {
          @Override
          public void info(String message) {
            System.out.println("INFO " + message);
          }

          @Override
          public void warn(String message) {
            System.out.println("WARN " + message);
          }

          @Override
          public void debug(String message) {}
        };
    try (OciImage base =
        OciImage.open(
            ImageReference.parse(
                "oci:" + OciFixtures.ociDir(BusyboxImage.image("alpine"), dir.resolve("base")),
                "base"))) {
      String script =
          String.join(
              "\n",
              "set -e",
              "echo unprivileged > /opt/new",
              "id -u > /opt/uid",
              "echo more >> /opt/owned",
              "rm /opt/gone",
              "chown 1000 /opt/new 2>/dev/null || echo chown refused",
              "echo \"${https_proxy:-none} ${BUILD_SECRET:-none}\" > /opt/env",
              "");
      if (args.length > 1) {
        script = args[1];
      }
      List<RunLayer> layers =
          new ImageRun(
                  dir.resolve("cache"),
                  RunSettings.defaults()
                      .withNetwork(
                          RunNetwork.parse(System.getProperty("paas.test.network", "isolated"))),
                  log)
              .layers(
                  base, List.of(RunStep.script("image-env", script, Optional.empty(), Map.of())));
      for (var entry : ImageRunTest.entries(layers.get(0)).values()) {
        System.out.println(
            "ENTRY "
                + entry.getName()
                + " uid="
                + entry.getLongUserId()
                + " gid="
                + entry.getLongGroupId()
                + " mode="
                + Integer.toOctalString(entry.getMode() & 07777));
      }
      ImageRunTest.contents(layers.get(0))
          .forEach((name, content) -> System.out.println("FILE " + name + "=" + content.strip()));
    }
  }
}
