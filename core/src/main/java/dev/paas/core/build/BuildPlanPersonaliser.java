package dev.paas.core.build;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.base.ImageOpener;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.base.OfficialBases;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.fleet.FleetCacheSettings;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.platform.ArtifactResolver;
import dev.paas.core.platform.EnvironmentAdditions;
import dev.paas.core.platform.Personalisation;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.Selection;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.RegistryImages;
import dev.paas.core.run.ImageEnvScript;
import dev.paas.core.run.ImageRun;
import dev.paas.core.run.RunLayer;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.RunStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Personalises an image that another tool composes (Jib's container build plan) exactly as {@code
 * paas:build} would: the base must derive from an official base (rule {@code base-inheritance});
 * the options' commands and {@code .paas/image-env.sh} run on the base's file system with the same
 * sandbox and cache; the chosen environment's services and options add their layers, JVM flags,
 * variables, labels and ports; the platform's user is set where the team set none. It says what to
 * add; the caller applies it to its own plan.
 */
public final class BuildPlanPersonaliser {
  /**
   * What to personalise.
   *
   * @param block where the team configures the personalisation, for messages
   * @param base the image the build is on, as the build names it
   * @param baseElement where the build names it, for messages ({@code <from><image>})
   * @param officialBase the official base when the platform profile names none
   * @param environment the one environment this image is for
   * @param environments every environment the team builds, as the build configuration names them:
   *     {@code .paas/image-env.sh} sees them all, so every environment's image (and {@code
   *     paas:build}'s, with the same list) shares its cached layer. Empty: the environment and
   *     those the selections name
   * @param options the options chosen
   * @param services the services chosen, each in every environment or in those it names
   * @param projectDirectory the project's directory, holding {@code .paas/}
   * @param project the project's {@code groupId}, {@code artifactId} and {@code version}
   * @param teamEnv the variables the build already sets on the image
   * @param teamUser the user the build already sets, if any
   * @param staging where text files of added layers are written
   */
  public record Request(
      String block,
      ImageReference base,
      String baseElement,
      Optional<String> officialBase,
      PlatformProfile profile,
      String environment,
      List<String> environments,
      List<Selection> options,
      List<Selection> services,
      Path projectDirectory,
      List<String> project,
      Map<String, String> teamEnv,
      Optional<String> teamUser,
      Path staging) {
    public Request {
      environments = List.copyOf(environments);
      options = List.copyOf(options);
      services = List.copyOf(services);
      project = List.copyOf(project);
      teamEnv = Map.copyOf(teamEnv);
    }
  }

  /**
   * What to add to the plan.
   *
   * @param official the official base the build's base derives from
   * @param pinned the build's base pinned to the digest that was checked and run on
   * @param runLayers the layers of the options' commands and {@code .paas/image-env.sh}, right
   *     above the base and below the application, lowest first
   * @param layers the environment's own layers (services, environment-scoped options), on top
   * @param image the labels, variables (set over the build's) and ports
   * @param user the user to set, when the team set none
   */
  public record Result(
      OfficialBase official,
      ImageReference pinned,
      List<RunLayer> runLayers,
      List<FileEntriesLayer> layers,
      EnvironmentImage image,
      Optional<String> user) {
    public Result {
      runLayers = List.copyOf(runLayers);
      layers = List.copyOf(layers);
    }
  }

  private final CredentialSource credentials;
  private final ArtifactResolver artifacts;
  private final Path cache;
  private final boolean allowInsecure;
  private final boolean offline;
  private final RunSettings run;
  private final BuildLog log;

  /**
   * @param cache the machine-wide cache shared with {@code paas:build} ({@code
   *     ~/.cache/google-cloud-tools-java/jib}): the run layers, pins and checked facts
   */
  public BuildPlanPersonaliser(
      CredentialSource credentials,
      ArtifactResolver artifacts,
      Path cache,
      boolean allowInsecure,
      boolean offline,
      RunSettings run,
      BuildLog log) {
    this.credentials = credentials;
    this.artifacts = artifacts;
    this.cache = cache;
    this.allowInsecure = allowInsecure;
    this.offline = offline;
    this.run = run;
    this.log = log;
  }

  public Result personalise(Request request) throws PaasException {
    Path paasCache = cache.resolve("paas");
    RegistryImages registries = new RegistryImages(credentials, allowInsecure, offline, paasCache);
    // Opened once, pinned to one digest: the base that is checked is the one run on and built on.
    try (ImageSource base =
        new ImageOpener(registries)
            .open(
                request.base(),
                "base image",
                request.baseElement(),
                "build once online, so the base is known here")) {
      OfficialBase official =
          new OfficialBases(registries, log)
              .requireOfficialBase(
                  request.profile(),
                  request.base(),
                  base,
                  request.officialBase(),
                  request.baseElement());
      log.info(
          request.base()
              + " derives from the official base "
              + official.name()
              + " ("
              + official.reference()
              + "): rule base-inheritance holds");
      List<String> built = environments(request);
      Personalisation personalisation =
          Personalisation.plan(
              request.profile(),
              request.options(),
              request.services(),
              built,
              artifacts,
              log,
              request.block());
      List<RunStep> steps = new ArrayList<>(personalisation.optionSteps());
      ImageEnvScript.step(request.projectDirectory(), built, request.project())
          .ifPresent(steps::add);
      Optional<FleetCache> fleet =
          run.fleet()
              .open(credentials, allowInsecure, offline, FleetCacheSettings.writer(), log)
              .map(f -> f.mountingFrom(List.of(request.base())));
      List<RunLayer> runLayers =
          new ImageRun(paasCache.resolve("run"), run, fleet, log).layers(base, steps);
      EnvironmentAdditions additions = personalisation.additions(request.environment());
      String toolOptions =
          request
              .teamEnv()
              .getOrDefault(
                  EnvironmentImage.JAVA_TOOL_OPTIONS,
                  base.environment().getOrDefault(EnvironmentImage.JAVA_TOOL_OPTIONS, ""));
      EnvironmentImage image =
          EnvironmentImage.of(
              additions,
              Map.of(),
              request.base().toString(),
              base.digest(),
              request.environment(),
              toolOptions,
              List.of());
      List<FileEntriesLayer> layers = new ArrayList<>();
      for (EnvironmentAdditions.Layer layer : additions.layers()) {
        layers.add(AddedLayers.toJib(layer, request.staging()));
      }
      Optional<String> user =
          request.teamUser().filter(u -> !u.isBlank()).isPresent()
              ? Optional.empty()
              : Optional.of(official.user()).filter(u -> !u.isBlank());
      return new Result(
          official, pinned(request.base(), base.digest()), runLayers, layers, image, user);
    } catch (IOException e) {
      throw new PaasException(
          "Cannot read the base image " + request.base() + ": " + e.getMessage(), e);
    }
  }

  // The environments the team builds; without a list, every environment the selections name too,
  // so that a service limited to test is simply absent from a prod image, as in paas:build's.
  private static List<String> environments(Request request) throws PaasException {
    if (!request.environments().isEmpty()) {
      if (!request.environments().contains(request.environment())) {
        throw new PaasException(
            "The environment '"
                + request.environment()
                + "' is not one of "
                + request.block()
                + "<environments> "
                + request.environments()
                + ": add it there, or "
                + "build one of those");
      }
      if (new LinkedHashSet<>(request.environments()).size() != request.environments().size()) {
        throw new PaasException(
            request.block()
                + "<environments> "
                + request.environments()
                + " names an environment twice");
      }
      return request.environments();
    }
    Set<String> environments = new LinkedHashSet<>();
    environments.add(request.environment());
    request.options().forEach(s -> environments.addAll(s.environments()));
    request.services().forEach(s -> environments.addAll(s.environments()));
    return List.copyOf(environments);
  }

  // A registry base by digest: the image is built on exactly the base that was checked and run on.
  private static ImageReference pinned(ImageReference base, String digest) throws PaasException {
    if (!base.isRegistry()) {
      return base;
    }
    var reference = base.registryReference();
    return ImageReference.parse(
        reference.getRegistry() + "/" + reference.getRepository() + "@" + digest, "base image");
  }
}
