package dev.paas.core.build;

import dev.paas.core.image.ImageReference;
import dev.paas.core.platform.EnvironmentAdditions;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.RunStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@link ImageComposer} needs to compose the images of one project.
 *
 * @param baseImage the image to build on
 * @param image the target reference; each environment's tag gets {@code -<environment>}
 * @param environments the environments, or empty for the single environment {@code default}
 * @param application the application content
 * @param jvmFlags flags for the JVM
 * @param user the user the container runs as, or empty for the base image's
 * @param labels extra labels for every image
 * @param outputDirectory where archives and {@code images.json} go ({@code target/paas})
 * @param applicationCache Jib's application layer cache
 * @param baseCache Jib's base image layer cache, shared across projects
 * @param allowInsecureRegistries whether plain-HTTP registries may be used
 * @param offline whether the network may not be used
 * @param runSteps commands run on the base image's file system, each becoming a layer above it
 *     ({@code .paas/image-env.sh}, options' {@code run} commands), lowest first
 * @param run how those commands are run and cached
 * @param additions what options and services add on top of each environment's image
 * @param container the ports, variables and labels the team sets on every image
 */
public record BuildRequest(
    ImageReference baseImage,
    ImageReference image,
    List<String> environments,
    Application application,
    List<String> jvmFlags,
    Optional<String> user,
    Map<String, String> labels,
    Path outputDirectory,
    Path applicationCache,
    Path baseCache,
    boolean allowInsecureRegistries,
    boolean offline,
    List<RunStep> runSteps,
    RunSettings run,
    Map<String, EnvironmentAdditions> additions,
    ContainerSettings container) {

  /** The name of the single environment of a build that declares none. */
  public static final String DEFAULT_ENVIRONMENT = "default";

  public BuildRequest {
    environments = List.copyOf(environments);
    jvmFlags = List.copyOf(jvmFlags);
    labels = Map.copyOf(labels);
    runSteps = List.copyOf(runSteps);
    additions = Map.copyOf(additions);
  }

  /** A request without container settings of the team's own. */
  public BuildRequest(
      ImageReference baseImage,
      ImageReference image,
      List<String> environments,
      Application application,
      List<String> jvmFlags,
      Optional<String> user,
      Map<String, String> labels,
      Path outputDirectory,
      Path applicationCache,
      Path baseCache,
      boolean allowInsecureRegistries,
      boolean offline,
      List<RunStep> runSteps,
      RunSettings run,
      Map<String, EnvironmentAdditions> additions) {
    this(
        baseImage,
        image,
        environments,
        application,
        jvmFlags,
        user,
        labels,
        outputDirectory,
        applicationCache,
        baseCache,
        allowInsecureRegistries,
        offline,
        runSteps,
        run,
        additions,
        ContainerSettings.NONE);
  }

  /** A request without options or services. */
  public BuildRequest(
      ImageReference baseImage,
      ImageReference image,
      List<String> environments,
      Application application,
      List<String> jvmFlags,
      Optional<String> user,
      Map<String, String> labels,
      Path outputDirectory,
      Path applicationCache,
      Path baseCache,
      boolean allowInsecureRegistries,
      boolean offline,
      List<RunStep> runSteps,
      RunSettings run) {
    this(
        baseImage,
        image,
        environments,
        application,
        jvmFlags,
        user,
        labels,
        outputDirectory,
        applicationCache,
        baseCache,
        allowInsecureRegistries,
        offline,
        runSteps,
        run,
        Map.of());
  }

  /** A request without sandboxed runs. */
  public BuildRequest(
      ImageReference baseImage,
      ImageReference image,
      List<String> environments,
      Application application,
      List<String> jvmFlags,
      Optional<String> user,
      Map<String, String> labels,
      Path outputDirectory,
      Path applicationCache,
      Path baseCache,
      boolean allowInsecureRegistries,
      boolean offline) {
    this(
        baseImage,
        image,
        environments,
        application,
        jvmFlags,
        user,
        labels,
        outputDirectory,
        applicationCache,
        baseCache,
        allowInsecureRegistries,
        offline,
        List.of(),
        RunSettings.defaults());
  }

  /** What options and services add to an environment's image. */
  public EnvironmentAdditions additions(String environment) {
    return additions.getOrDefault(environment, EnvironmentAdditions.NONE);
  }

  /** The environments to build, {@code default} when none are declared. */
  public List<String> effectiveEnvironments() {
    return environments.isEmpty() ? List.of(DEFAULT_ENVIRONMENT) : environments;
  }
}
