package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The team's {@code .paas/image-env.sh}: run on the base image's file system, like a Dockerfile
 * {@code RUN} line, its changes becoming one layer. It runs once for all the environments a build
 * makes, so its layer sits below theirs.
 */
public final class ImageEnvScript {
  /** The script's path in the project, and its step's name in logs and the image's history. */
  public static final String NAME = ".paas/image-env.sh";

  private ImageEnvScript() {}

  /**
   * The script's step, or empty when the project has none.
   *
   * @param projectDirectory the project's base directory, holding {@code .paas/}
   * @param environments the environments the build makes, in {@code PAAS_ENVIRONMENTS}
   * @param project {@code groupId}, {@code artifactId} and {@code version}, in {@code
   *     PAAS_GROUP_ID}, {@code PAAS_ARTIFACT_ID} and {@code PAAS_VERSION}
   */
  public static Optional<RunStep> step(
      Path projectDirectory, List<String> environments, List<String> project) throws PaasException {
    Path paasDir = projectDirectory.resolve(".paas");
    Path script = paasDir.resolve("image-env.sh");
    if (!Files.exists(script, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
      throw new PaasException(
          script + " is not a readable file: make it a shell script, or remove it");
    }
    String text;
    try {
      text = Files.readString(script);
    } catch (IOException e) {
      throw new PaasException(script + " cannot be read as UTF-8 text: " + e.getMessage(), e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PAAS_ENVIRONMENTS", String.join(" ", environments));
    env.put("PAAS_GROUP_ID", project.get(0));
    env.put("PAAS_ARTIFACT_ID", project.get(1));
    env.put("PAAS_VERSION", project.get(2));
    return Optional.of(RunStep.script(NAME, text, Optional.of(paasDir), env));
  }
}
