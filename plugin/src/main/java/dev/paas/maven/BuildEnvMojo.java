package dev.paas.maven;

import dev.paas.core.PaasException;
import dev.paas.core.script.ScriptRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the team's {@code .paas/build-env.sh} on the build host before compilation, with the build's
 * context in {@code PAAS_*} environment variables. Without the script it does nothing.
 */
@Mojo(name = "build-env", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class BuildEnvMojo extends AbstractPaasMojo {

  /** How long the script may run, in seconds. */
  @Parameter(property = "paas.buildEnv.timeout", defaultValue = "600")
  long timeoutSeconds;

  @Override
  void run() throws PaasException {
    if (timeoutSeconds <= 0) {
      throw new PaasException(
          "paas.buildEnv.timeout must be a positive number of seconds, not " + timeoutSeconds);
    }
    Path projectDir = project.getBasedir().toPath();
    Path script = projectDir.resolve(".paas").resolve("build-env.sh");
    if (!Files.exists(script)) {
      getLog().debug("paas: no " + script + ", nothing to run");
      return;
    }
    getLog().info("paas: running " + projectDir.relativize(script));
    new ScriptRunner(Duration.ofSeconds(timeoutSeconds))
        .run(
            script,
            projectDir,
            environment(projectDir),
            line -> getLog().info("[build-env] " + line));
  }

  private Map<String, String> environment(Path projectDir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PAAS_PROJECT_DIR", projectDir.toString());
    env.put("PAAS_BUILD_DIR", project.getBuild().getDirectory());
    env.put("PAAS_GROUP_ID", project.getGroupId());
    env.put("PAAS_ARTIFACT_ID", project.getArtifactId());
    env.put("PAAS_VERSION", project.getVersion());
    env.put("PAAS_OFFLINE", Boolean.toString(offline()));
    if (paas != null) {
      env.put(
          "PAAS_ENVIRONMENTS",
          String.join(
              " ", paas.environments.isEmpty() ? java.util.List.of("default") : paas.environments));
      if (paas.image != null) {
        env.put("PAAS_IMAGE", paas.image);
      }
      if (paas.baseImage != null) {
        env.put("PAAS_BASE_IMAGE", paas.baseImage);
      }
    } else {
      env.put("PAAS_ENVIRONMENTS", "default");
    }
    return env;
  }
}
