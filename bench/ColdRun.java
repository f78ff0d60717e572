import dev.paas.core.BuildLog;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.run.ImageRun;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.RunStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cold sandboxed step, timed inside the JVM (no Maven, no JVM start-up): the base image is
 * unpacked, the script runs, its layer is written. Compiled by sandbox-cold.sh against each
 * core it compares; it uses only API both have.
 *
 * <p>Arguments: the base image's oci-archive, the script file, an empty cache directory.
 */
public final class ColdRun {
  public static void main(String[] args) throws Exception {
    String script = Files.readString(Path.of(args[1]));
    try (OciImage base = OciImage.open(ImageReference.parse("oci-archive:" + args[0], "base"))) {
      long started = System.nanoTime();
      new ImageRun(Path.of(args[2]), RunSettings.defaults(), BuildLog.silent())
          .layers(base, List.of(RunStep.script("image-env", script, Optional.empty(), Map.of())));
      System.out.printf("%.3f%n", (System.nanoTime() - started) / 1e9);
    }
  }
}
