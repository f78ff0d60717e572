package dev.paas.core.build;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.EnvironmentAdditions;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.run.ImageRun;
import dev.paas.core.run.RunLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Composes one image per environment on the base image with jib-core and records them in {@code
 * images.json}. Layers, least-changing first: base, the sandboxed runs' layers (options, then
 * {@code .paas/image-env.sh}), dependencies, snapshot dependencies, resources, classes, then the
 * environment's own layers (services, environment-scoped options).
 */
public final class ImageComposer {
  /** What the history says when the caller does not know the plugin's version. */
  static final String TOOL_VERSION_UNKNOWN = "unknown";

  /** The tool the image's history names. */
  public static final String TOOL_NAME = "paas-maven-plugin";

  private final CredentialSource credentials;
  private final BuildLog log;
  // Jib's lifecycle lines ("Container entrypoint set to ...") already said for an earlier
  // environment: said again only at debug level.
  private final Set<String> said = ConcurrentHashMap.newKeySet();

  private final String toolVersion;

  public ImageComposer(CredentialSource credentials, BuildLog log) {
    this(credentials, log, TOOL_VERSION_UNKNOWN);
  }

  /**
   * @param toolVersion the plugin's version, which the image's history names ({@code created_by:
   *     paas-maven-plugin:<version>})
   */
  public ImageComposer(CredentialSource credentials, BuildLog log, String toolVersion) {
    this.credentials = credentials;
    this.log = log;
    this.toolVersion =
        toolVersion == null || toolVersion.isBlank() ? TOOL_VERSION_UNKNOWN : toolVersion;
  }

  /**
   * Builds every environment's image, then writes {@code images.json}. Any earlier {@code
   * images.json} is removed first, so a failed build leaves none behind to push.
   */
  public List<BuiltImage> compose(BuildRequest request) throws PaasException {
    request.image().requirePushTarget();
    Path output = request.outputDirectory();
    Path manifestFile = output.resolve(ImagesManifest.FILE_NAME);
    ImagesManifest.discard(output);
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new PaasException("Cannot prepare " + output + ": " + e.getMessage(), e);
    }
    BaseImageResolver resolver =
        new BaseImageResolver(
            credentials,
            request.allowInsecureRegistries(),
            request.offline(),
            request.baseCache(),
            request.baseCache().resolve("paas"),
            log);
    BaseImageResolver.ResolvedBase base = resolver.resolve(request.baseImage());
    boolean runs = !request.runSteps().isEmpty() || base.jibImage() == null;
    String baseToolOptions = "";
    if (runs || needsToolOptions(request)) {
      try (ImageSource source = resolver.open(base)) {
        baseToolOptions = source.environment().getOrDefault("JAVA_TOOL_OPTIONS", "");
        if (runs) {
          Optional<FleetCache> fleet =
              request
                  .run()
                  .fleet()
                  .open(
                      credentials,
                      request.allowInsecureRegistries(),
                      request.offline(),
                      "paas-maven-plugin " + toolVersion,
                      log)
                  .map(f -> f.mountingFrom(List.of(request.baseImage(), request.image())));
          List<RunLayer> layers =
              new ImageRun(
                      request.baseCache().resolve("paas").resolve("run"), request.run(), fleet, log)
                  .layers(source, request.runSteps());
          base = resolver.forJib(base, source, layers);
        }
      } catch (IOException e) {
        throw new PaasException(
            "Cannot read the base image " + base.configured() + ": " + e.getMessage(), e);
      }
    }
    if (!runs) {
      base = resolver.forJib(base);
    }

    List<BuiltImage> built = new ArrayList<>();
    said.clear();
    for (String environment : request.effectiveEnvironments()) {
      ImageReference target =
          request.environments().isEmpty()
              ? request.image()
              : request.image().forEnvironment(environment);
      built.add(buildOne(request, base, baseToolOptions, environment, target, built.isEmpty()));
    }
    try {
      ImagesManifest.write(manifestFile, built);
    } catch (IOException e) {
      throw new PaasException("Cannot write " + manifestFile + ": " + e.getMessage(), e);
    }
    return built;
  }

  private BuiltImage buildOne(
      BuildRequest request,
      BaseImageResolver.ResolvedBase base,
      String baseToolOptions,
      String environment,
      ImageReference target,
      boolean first)
      throws PaasException {
    Path archive = request.outputDirectory().resolve(environment + ".oci.tar");
    log.info("Building " + target + " (environment " + environment + ") on " + base.configured());
    try {
      EnvironmentAdditions additions = request.additions(environment);
      JibContainerBuilder builder = containerBuilder(request, base, additions);
      boolean war = request.application() instanceof Application.War;
      Map<String, String> labels = new LinkedHashMap<>(request.labels());
      labels.putAll(request.container().labels());
      ContainerSettings team =
          new ContainerSettings(request.container().ports(), request.container().env(), labels);
      EnvironmentImage settings =
          EnvironmentImage.of(
              additions,
              team,
              base.configured().toString(),
              base.digest(),
              environment,
              baseToolOptions,
              war ? request.jvmFlags() : List.of(),
              !war);
      settings.labels().forEach(builder::addLabel);
      settings.env().forEach(builder::addEnvironmentVariable);
      settings.ports().forEach(builder::addExposedPort);
      for (EnvironmentAdditions.Layer layer : additions.layers()) {
        builder.addFileEntriesLayer(
            AddedLayers.toJib(layer, request.outputDirectory().resolve("files")));
      }
      request.user().ifPresent(builder::setUser);
      builder.setFormat(ImageFormat.OCI);

      Containerizer containerizer =
          Containerizer.to(TarImage.at(archive).named(target.registryReference()))
              .setAllowInsecureRegistries(request.allowInsecureRegistries())
              .setOfflineMode(request.offline())
              .setBaseImageLayersCache(base.layerCache())
              .setApplicationLayersCache(request.applicationCache())
              .setToolName(TOOL_NAME)
              .setToolVersion(toolVersion)
              .addEventHandler(LogEvent.class, this::onLog)
              .addEventHandler(
                  ProgressEvent.class,
                  new ProgressLog(log, "Building " + environment, first)::accept);
      JibContainer container = builder.containerize(containerizer);
      try (OciImage image =
          OciImage.open(ImageReference.parse("oci-archive:" + archive, "archive"))) {
        String digest = container.getDigest().toString();
        if (!digest.equals(image.manifestDigest())) {
          throw new PaasException(
              "The archive "
                  + archive
                  + " holds "
                  + image.manifestDigest()
                  + " but Jib reported "
                  + digest
                  + "; delete target/paas and build again");
        }
        requireCachedLayers(image, base);
        log.info("Built " + target + "@" + digest);
        return new BuiltImage(
            environment,
            target.toString(),
            "oci-archive:" + archive,
            digest,
            container.getImageId().toString(),
            base.configured().toString(),
            base.digest(),
            image.diffIds(),
            request.additions(environment).registrations());
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String hint =
          cause instanceof IOException || cause instanceof ResponseException
              ? ". The registry failed while the base image "
                  + base.configured()
                  + " was pulled: check "
                  + "that it is up, then build again (layers already pulled are reused from the cache)"
              : "";
      throw new PaasException(
          "Building the image for environment '"
              + environment
              + "' failed: "
              + describe(cause)
              + hint,
          cause);
    } catch (IOException | CacheDirectoryCreationException | RegistryException e) {
      throw new PaasException(
          "Building the image for environment '" + environment + "' failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaasException("Interrupted while building " + target, e);
    }
  }

  // JVM flags of a war, of services, and of options where the entrypoint is not the plugin's go
  // into JAVA_TOOL_OPTIONS, after the base's.
  private static boolean needsToolOptions(BuildRequest request) {
    boolean war = request.application() instanceof Application.War;
    return war && !request.jvmFlags().isEmpty()
        || request.additions().values().stream()
            .anyMatch(a -> !a.jvmFlags().isEmpty() || war && !a.launcherFlags().isEmpty());
  }

  // Given an archive without layer bytes, Jib must have taken every base layer from its cache.
  private static void requireCachedLayers(OciImage image, BaseImageResolver.ResolvedBase base)
      throws PaasException, IOException {
    List<String> expected = base.cachedLayerDigests();
    List<String> actual = image.layers().stream().map(OciImage.Descriptor::digest).toList();
    if (!expected.isEmpty()
        && (actual.size() < expected.size()
            || !actual.subList(0, expected.size()).equals(expected))) {
      throw new PaasException(
          "The base image's layers in Jib's cache "
              + base.layerCache()
              + " changed while this build ran: the image does not hold them. Delete that directory "
              + "and build again");
    }
  }

  private JibContainerBuilder containerBuilder(
      BuildRequest request, BaseImageResolver.ResolvedBase base, EnvironmentAdditions additions)
      throws IOException, PaasException {
    Object from = base.jibImage();
    if (request.application() instanceof Application.Jar jar) {
      JavaContainerBuilder java =
          from instanceof RegistryImage r
              ? JavaContainerBuilder.from(r)
              : JavaContainerBuilder.from((TarImage) from);
      java.addDependencies(jar.dependencies()).addSnapshotDependencies(jar.snapshotDependencies());
      if (Files.isDirectory(jar.classesDirectory())) {
        java.addResources(jar.classesDirectory(), path -> !path.toString().endsWith(".class"));
        java.addClasses(jar.classesDirectory(), path -> path.toString().endsWith(".class"));
      }
      if (!jar.coordinates().isEmpty()) {
        // in the classes layer, which changes with every build anyway: the dependency layers
        // stay shared across builds whose snapshots differ
        java.addClasses(LibraryRecords.write(jar, request.outputDirectory().resolve("record")));
      }
      // The options' flags (utf8's -Dfile.encoding) on the launcher's own command line: the JVM
      // takes them silently, where JAVA_TOOL_OPTIONS makes every JVM print "Picked up ...".
      return java.addJvmFlags(request.jvmFlags())
          .addJvmFlags(additions.launcherFlags())
          .setMainClass(jar.mainClass())
          .toContainerBuilder();
    }
    Application.War war = (Application.War) request.application();
    JibContainerBuilder builder =
        from instanceof RegistryImage r ? Jib.from(r) : Jib.from((TarImage) from);
    WarLayers.addTo(builder, war);
    return builder;
  }

  private void onLog(LogEvent event) {
    switch (event.getLevel()) {
      case ERROR, WARN -> log.warn(event.getMessage());
      case LIFECYCLE -> {
        if (said.add(event.getMessage())) {
          log.info(event.getMessage());
        } else {
          log.debug(event.getMessage());
        }
      }
      default -> log.debug(event.getMessage());
    }
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return (message == null || message.isBlank()) ? t.getClass().getSimpleName() : message;
  }
}
