package dev.paas.core.build;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Composes one image per environment on the base image with jib-core and records them in
 * {@code images.json}. Layers, least-changing first: base, the sandboxed runs' layers (options,
 * then {@code .paas/image-env.sh}), dependencies, snapshot dependencies, resources, classes, then
 * the environment's own layers (services, environment-scoped options).
 */
public final class ImageComposer {
  private final CredentialSource credentials;
  private final BuildLog log;

  public ImageComposer(CredentialSource credentials, BuildLog log) {
    this.credentials = credentials;
    this.log = log;
  }

  /**
   * Builds every environment's image, then writes {@code images.json}. Any earlier
   * {@code images.json} is removed first, so a failed build leaves none behind to push.
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
    BaseImageResolver resolver = new BaseImageResolver(credentials,
        request.allowInsecureRegistries(), request.offline(), request.baseCache(),
        request.baseCache().resolve("paas"), log);
    BaseImageResolver.ResolvedBase base = resolver.resolve(request.baseImage());
    boolean runs = !request.runSteps().isEmpty() || base.jibImage() == null;
    String baseToolOptions = "";
    if (runs || needsToolOptions(request)) {
      try (ImageSource source = resolver.open(base)) {
        baseToolOptions = source.environment().getOrDefault("JAVA_TOOL_OPTIONS", "");
        if (runs) {
          List<RunLayer> layers = new ImageRun(request.baseCache().resolve("paas").resolve("run"),
              request.run(), log).layers(source, request.runSteps());
          base = resolver.forJib(base, source, layers);
        }
      } catch (IOException e) {
        throw new PaasException("Cannot read the base image " + base.configured() + ": "
            + e.getMessage(), e);
      }
    }
    if (!runs) {
      base = resolver.forJib(base);
    }

    List<BuiltImage> built = new ArrayList<>();
    for (String environment : request.effectiveEnvironments()) {
      ImageReference target = request.environments().isEmpty()
          ? request.image() : request.image().forEnvironment(environment);
      built.add(buildOne(request, base, baseToolOptions, environment, target));
    }
    try {
      ImagesManifest.write(manifestFile, built);
    } catch (IOException e) {
      throw new PaasException("Cannot write " + manifestFile + ": " + e.getMessage(), e);
    }
    return built;
  }

  private BuiltImage buildOne(BuildRequest request, BaseImageResolver.ResolvedBase base,
      String baseToolOptions, String environment, ImageReference target) throws PaasException {
    Path archive = request.outputDirectory().resolve(environment + ".oci.tar");
    log.info("Building " + target + " (environment " + environment + ") on " + base.configured());
    try {
      JibContainerBuilder builder = containerBuilder(request, base);
      EnvironmentAdditions additions = request.additions(environment);
      EnvironmentImage settings = EnvironmentImage.of(additions, request.labels(),
          base.configured().toString(), base.digest(), environment, baseToolOptions,
          request.application() instanceof Application.War ? request.jvmFlags() : List.of());
      settings.labels().forEach(builder::addLabel);
      settings.env().forEach(builder::addEnvironmentVariable);
      settings.ports().forEach(builder::addExposedPort);
      for (EnvironmentAdditions.Layer layer : additions.layers()) {
        builder.addFileEntriesLayer(AddedLayers.toJib(layer, request.outputDirectory().resolve("files")));
      }
      request.user().ifPresent(builder::setUser);
      builder.setFormat(ImageFormat.OCI);

      Containerizer containerizer = Containerizer.to(TarImage.at(archive).named(target.registryReference()))
          .setAllowInsecureRegistries(request.allowInsecureRegistries())
          .setOfflineMode(request.offline())
          .setBaseImageLayersCache(base.layerCache())
          .setApplicationLayersCache(request.applicationCache())
          .setToolName("paas-maven-plugin")
          .addEventHandler(LogEvent.class, this::onLog)
          .addEventHandler(ProgressEvent.class, new ProgressLog(log, "Building " + environment)::accept);
      JibContainer container = builder.containerize(containerizer);
      try (OciImage image = OciImage.open(ImageReference.parse("oci-archive:" + archive, "archive"))) {
        String digest = container.getDigest().toString();
        if (!digest.equals(image.manifestDigest())) {
          throw new PaasException("The archive " + archive + " holds " + image.manifestDigest()
              + " but Jib reported " + digest + "; delete target/paas and build again");
        }
        requireCachedLayers(image, base);
        log.info("Built " + target + "@" + digest);
        return new BuiltImage(environment, target.toString(), "oci-archive:" + archive, digest,
            container.getImageId().toString(), base.configured().toString(), base.digest(),
            image.diffIds(), request.additions(environment).registrations());
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String hint = cause instanceof IOException
          || cause instanceof com.google.cloud.tools.jib.http.ResponseException
          ? ". The registry failed while the base image " + base.configured() + " was pulled: check "
              + "that it is up, then build again (layers already pulled are reused from the cache)"
          : "";
      throw new PaasException("Building the image for environment '" + environment + "' failed: "
          + describe(cause) + hint, cause);
    } catch (IOException | com.google.cloud.tools.jib.api.CacheDirectoryCreationException
        | com.google.cloud.tools.jib.api.RegistryException e) {
      throw new PaasException("Building the image for environment '" + environment + "' failed: "
          + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaasException("Interrupted while building " + target, e);
    }
  }

  // JVM flags of a war or of options and services go into JAVA_TOOL_OPTIONS, after the base's.
  private static boolean needsToolOptions(BuildRequest request) {
    return request.application() instanceof Application.War && !request.jvmFlags().isEmpty()
        || request.additions().values().stream().anyMatch(a -> !a.jvmFlags().isEmpty());
  }

  // Given an archive without layer bytes, Jib must have taken every base layer from its cache.
  private static void requireCachedLayers(OciImage image, BaseImageResolver.ResolvedBase base)
      throws PaasException, IOException {
    List<String> expected = base.cachedLayerDigests();
    List<String> actual = image.layers().stream().map(OciImage.Descriptor::digest).toList();
    if (!expected.isEmpty() && (actual.size() < expected.size()
        || !actual.subList(0, expected.size()).equals(expected))) {
      throw new PaasException("The base image's layers in Jib's cache " + base.layerCache()
          + " changed while this build ran: the image does not hold them. Delete that directory "
          + "and build again");
    }
  }

  private JibContainerBuilder containerBuilder(BuildRequest request,
      BaseImageResolver.ResolvedBase base) throws IOException, PaasException {
    Object from = base.jibImage();
    if (request.application() instanceof Application.Jar jar) {
      JavaContainerBuilder java = from instanceof RegistryImage r
          ? JavaContainerBuilder.from(r) : JavaContainerBuilder.from((TarImage) from);
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
      return java.addJvmFlags(request.jvmFlags()).setMainClass(jar.mainClass()).toContainerBuilder();
    }
    Application.War war = (Application.War) request.application();
    JibContainerBuilder builder = from instanceof RegistryImage r ? Jib.from(r) : Jib.from((TarImage) from);
    WarLayers.addTo(builder, war);
    return builder;
  }

  private void onLog(LogEvent event) {
    switch (event.getLevel()) {
      case ERROR, WARN -> log.warn(event.getMessage());
      case LIFECYCLE -> log.info(event.getMessage());
      default -> log.debug(event.getMessage());
    }
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return (message == null || message.isBlank()) ? t.getClass().getSimpleName() : message;
  }
}
