package dev.paas.jib;

import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.LayerObject;
import com.google.cloud.tools.jib.maven.extension.JibMavenPluginExtension;
import com.google.cloud.tools.jib.maven.extension.MavenData;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger.LogLevel;
import com.google.cloud.tools.jib.plugins.extension.JibPluginExtensionException;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.build.BuildPlanPersonaliser;
import dev.paas.core.build.BuildRequest;
import dev.paas.core.fleet.FleetCacheSettings;
import dev.paas.core.image.ImageReference;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.DockerConfigCredentials;
import dev.paas.core.run.RunLayer;
import dev.paas.core.run.RunSettings;
import dev.paas.maven.support.JibProject;
import dev.paas.maven.support.MavenArtifactResolver;
import dev.paas.maven.support.OfferSelection;
import dev.paas.maven.support.SettingsCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.component.repository.exception.ComponentLookupException;
import org.eclipse.aether.RepositorySystem;

/**
 * Applies to jib-maven-plugin's container build plan exactly what {@code paas:build} applies to its
 * own images, with the same engine ({@link BuildPlanPersonaliser}): it refuses a {@code
 * <from><image>} that does not derive from an official base (rule {@code base-inheritance}) before
 * anything is built or pushed, runs the options' commands and {@code .paas/image-env.sh} on the
 * base in the sandbox (same cache), adds the chosen environment's services and options (layers,
 * {@code JAVA_TOOL_OPTIONS}, variables, labels, ports), records the libraries of Jib's dependency
 * layers by their Maven coordinates ({@link LibraryRecordLayer}) and sets the official base's user
 * where the team set none. Stateless: everything comes from the call.
 */
public final class PaasJibExtension implements JibMavenPluginExtension<PaasExtensionConfig> {
  /** Where the team writes the extension's configuration, as messages name it. */
  static final String BLOCK = "<pluginExtension><configuration>";

  @Override
  public Optional<Class<PaasExtensionConfig>> getExtraConfigType() {
    return Optional.of(PaasExtensionConfig.class);
  }

  @Override
  public ContainerBuildPlan extendContainerBuildPlan(
      ContainerBuildPlan plan,
      Map<String, String> properties,
      Optional<PaasExtensionConfig> config,
      MavenData maven,
      ExtensionLogger logger)
      throws JibPluginExtensionException {
    try {
      if (config.isEmpty()) {
        throw new PaasException(
            "The paas extension has no configuration: add <configuration "
                + "implementation=\"dev.paas.jib.PaasExtensionConfig\"> with at least <platform> or "
                + "<officialBaseImage> to its <pluginExtension>");
      }
      return personalise(
          plan, config.get(), maven.getMavenProject(), maven.getMavenSession(), log(logger));
    } catch (PaasException e) {
      throw new JibPluginExtensionException(
          PaasJibExtension.class, JibSettingWords.WORDS.word(e.getMessage()), e);
    }
  }

  private static ContainerBuildPlan personalise(
      ContainerBuildPlan plan,
      PaasExtensionConfig config,
      MavenProject project,
      MavenSession session,
      BuildLog log)
      throws PaasException {
    requireOnePlatform(plan);
    JibProject jib = JibProject.of(project, session);
    ImageReference base = jib.baseImage(plan.getBaseImage());
    // Jib's <from><auth> for the base's registry, then settings.xml, then the docker config.
    CredentialSource credentials =
        jib.fromAuth(base)
            .orElse(
                new SettingsCredentials(
                    session.getSettings(), lookup(session, SettingsDecrypter.class), log))
            .orElse(new DockerConfigCredentials(log));
    MavenArtifactResolver artifacts =
        new MavenArtifactResolver(
            lookup(session, RepositorySystem.class),
            session.getRepositorySession(),
            project.getRemoteProjectRepositories());
    Path cache =
        Path.of(
            jib.property("paas.baseCache")
                .orElse(System.getProperty("user.home") + "/.cache/google-cloud-tools-java/jib"));
    Path projectDirectory = project.getBasedir().toPath();
    Optional<String> location =
        jib.property("paas.platform")
            .or(() -> Optional.ofNullable(config.getPlatform()).filter(p -> !p.isBlank()));
    PlatformProfile profile =
        new PlatformProfiles(
                artifacts, cache.resolve("paas").resolve("profiles"), session.isOffline(), log)
            .load(location, projectDirectory);
    RunSettings defaults = RunSettings.defaults();
    RunSettings run =
        RunSettings.of(
                jib.property("paas.run.sandbox").orElse(defaults.sandbox().name()),
                Boolean.parseBoolean(jib.property("paas.run.refresh").orElse("false")),
                number(jib, "paas.run.timeout", defaults.timeout().toSeconds()),
                number(jib, "paas.run.maxRootfsSize", defaults.maxRootfsBytes() >> 20),
                number(jib, "paas.run.maxMemory", defaults.maxMemoryBytes() >> 20),
                number(jib, "paas.run.maxProcesses", defaults.maxProcesses()))
            .withNetwork(profile.sandbox().network())
            .withFleet(
                FleetCacheSettings.of(
                    jib.property("paas.cache").orElse(null),
                    profile.cache().repository(),
                    profile.cache().push()));

    String environment =
        Optional.ofNullable(config.getEnvironment())
            .map(String::strip)
            .filter(e -> !e.isEmpty())
            .orElse(BuildRequest.DEFAULT_ENVIRONMENT);
    BuildPlanPersonaliser.Request request =
        new BuildPlanPersonaliser.Request(
            BLOCK,
            base,
            "<from><image>",
            Optional.ofNullable(config.getOfficialBaseImage()).filter(b -> !b.isBlank()),
            profile,
            environment,
            config.getEnvironments().stream().map(e -> e == null ? "" : e.strip()).toList(),
            config.getOptions().stream().map(OfferSelection::toSelection).toList(),
            config.getServices().stream().map(OfferSelection::toSelection).toList(),
            projectDirectory,
            List.of(project.getGroupId(), project.getArtifactId(), project.getVersion()),
            plan.getEnvironment(),
            Optional.ofNullable(plan.getUser()),
            Path.of(project.getBuild().getDirectory(), "paas", "jib-files"));
    BuildPlanPersonaliser.Result result =
        new BuildPlanPersonaliser(
                credentials,
                artifacts,
                cache,
                jib.allowInsecureRegistries(),
                session.isOffline(),
                run,
                log)
            .personalise(request);
    Optional<FileEntriesLayer> record =
        LibraryRecordLayer.of(
            plan,
            resolvedLibraries(project),
            Path.of(project.getBuild().getDirectory(), "paas", "jib-record"));
    ContainerBuildPlan personalised = apply(plan, result, record, jib.applicationCache());
    log.info(
        "paas: "
            + environment
            + " image on "
            + result.pinned()
            + ": "
            + result.runLayers().size()
            + " run layer(s) below the application, "
            + result.layers().size()
            + " layer(s) on top");
    return personalised;
  }

  /**
   * The plan with the result applied: the base pinned to the digest that was checked, the run
   * layers right above it (below Jib's application layers), the record of the libraries above Jib's
   * layers, the environment's layers on top, the variables, labels and ports added, and the user
   * set where the team set none.
   */
  static ContainerBuildPlan apply(
      ContainerBuildPlan plan,
      BuildPlanPersonaliser.Result result,
      Optional<FileEntriesLayer> libraryRecord,
      Path applicationCache)
      throws PaasException {
    List<LayerObject> layers = new ArrayList<>();
    for (RunLayer layer : result.runLayers()) {
      layers.add(RunLayersInJibCache.add(layer, applicationCache));
    }
    layers.addAll(plan.getLayers());
    libraryRecord.ifPresent(layers::add);
    layers.addAll(result.layers());
    Map<String, String> env = new LinkedHashMap<>(plan.getEnvironment());
    env.putAll(result.image().env());
    Map<String, String> labels = new LinkedHashMap<>(plan.getLabels());
    labels.putAll(result.image().labels());
    var ports = new LinkedHashSet<>(plan.getExposedPorts());
    ports.addAll(result.image().ports());
    ContainerBuildPlan.Builder builder =
        plan.toBuilder()
            .setLayers(layers)
            .setEnvironment(env)
            .setLabels(labels)
            .setExposedPorts(ports);
    if (result.pinned().isRegistry()) {
      builder.setBaseImage(result.pinned().location());
    }
    result.user().ifPresent(builder::setUser);
    return builder.build();
  }

  /** The project's resolved artifacts by their file, as {@code group:artifact:version}. */
  private static Map<Path, String> resolvedLibraries(MavenProject project) {
    Map<Path, String> resolved = new HashMap<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (artifact.getFile() != null) {
        resolved.put(
            artifact.getFile().toPath().toAbsolutePath().normalize(),
            artifact.getGroupId()
                + ":"
                + artifact.getArtifactId()
                + ":"
                + artifact.getBaseVersion());
      }
    }
    return resolved;
  }

  // The scripts run on, and the checks know, the base's linux/amd64 image (as in paas:build).
  static void requireOnePlatform(ContainerBuildPlan plan) throws PaasException {
    List<String> platforms =
        plan.getPlatforms().stream()
            .map(p -> p.getOs() + "/" + p.getArchitecture())
            .sorted()
            .toList();
    String wanted = "linux/" + dev.paas.core.image.Platform.ARCHITECTURE;
    if (!platforms.equals(List.of(wanted))) {
      throw new PaasException(
          "Jib is asked to build for "
              + platforms
              + ", but the paas extension "
              + "builds "
              + wanted
              + " images only: the base's "
              + wanted
              + " image is the one checked "
              + "against the official bases and the one the options and .paas/image-env.sh run on. Set "
              + "<from><platforms> to "
              + wanted
              + " alone, or leave it out");
    }
  }

  private static long number(JibProject jib, String property, long fallback) throws PaasException {
    String text = jib.property(property).orElse(Long.toString(fallback));
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new PaasException("-D" + property + "=" + text + " is not a whole number");
    }
  }

  private static <T> T lookup(MavenSession session, Class<T> type) throws PaasException {
    try {
      return session.getContainer().lookup(type);
    } catch (ComponentLookupException e) {
      throw new PaasException(
          "Maven did not provide " + type.getName() + " to the paas extension: " + e.getMessage(),
          e);
    }
  }

  private static BuildLog log(ExtensionLogger logger) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        logger.log(LogLevel.LIFECYCLE, JibSettingWords.WORDS.word(message));
      }

      @Override
      public void warn(String message) {
        logger.log(LogLevel.WARN, JibSettingWords.WORDS.word(message));
      }

      @Override
      public void debug(String message) {
        logger.log(LogLevel.DEBUG, JibSettingWords.WORDS.word(message));
      }
    };
  }
}
