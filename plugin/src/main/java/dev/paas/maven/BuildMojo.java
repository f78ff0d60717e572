package dev.paas.maven;

import dev.paas.core.PaasException;
import dev.paas.core.base.OfficialBases;
import dev.paas.core.build.BuiltImage;
import dev.paas.core.build.ImageComposer;
import dev.paas.core.build.ImagesManifest;
import dev.paas.core.fleet.FleetCacheSettings;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.registry.RegistryImages;
import dev.paas.core.run.RunSettings;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Composes each environment's image on the base image with jib-core, writes it under {@code
 * target/paas/} and records it in {@code target/paas/images.json}.
 */
@Mojo(
    name = "build",
    defaultPhase = LifecyclePhase.PACKAGE,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildMojo extends AbstractPaasMojo {

  /**
   * Run {@code .paas/image-env.sh} (and options' commands) again even if their layers are cached.
   */
  @Parameter(property = "paas.run.refresh", defaultValue = "false")
  boolean runRefresh;

  /**
   * How commands run in the image: {@code auto} (runc as root with a mapped id range, else
   * rootless), {@code root}, {@code rootless}.
   */
  @Parameter(property = "paas.run.sandbox", defaultValue = "auto")
  String runSandbox;

  /** The time limit of one sandboxed run, in seconds. */
  @Parameter(property = "paas.run.timeout", defaultValue = "1800")
  int runTimeout;

  /** The most the base image's unpacked file system may take on disk, in MiB. */
  @Parameter(property = "paas.run.maxRootfsSize", defaultValue = "16384")
  long runMaxRootfsSize;

  /**
   * The most memory one sandboxed run's processes may use together, in MiB (where cgroups allow).
   */
  @Parameter(property = "paas.run.maxMemory", defaultValue = "4096")
  long runMaxMemory;

  /** The most processes one sandboxed run may have at once. */
  @Parameter(property = "paas.run.maxProcesses", defaultValue = "4096")
  long runMaxProcesses;

  @Override
  void run() throws PaasException {
    if ("pom".equals(project.getPackaging())) {
      getLog().info("paas: nothing to build for pom packaging");
      return;
    }
    PaasConfiguration configuration = requirePaas();
    RunSettings configured =
        RunSettings.of(
            runSandbox, runRefresh, runTimeout, runMaxRootfsSize, runMaxMemory, runMaxProcesses);
    // Whatever fails from here on, no earlier images.json may be left for paas:push to send.
    ImagesManifest.discard(BuildRequests.outputDirectory(project));
    PlatformProfile profile = platformProfile();
    RunSettings settings =
        configured
            .withNetwork(profile.sandbox().network())
            .withFleet(
                FleetCacheSettings.of(
                    fleetCache, profile.cache().repository(), profile.cache().push()));
    var request =
        BuildRequests.from(
            configuration,
            project,
            Path.of(baseCache),
            offline(),
            settings,
            profile,
            artifactResolver(),
            buildLog());
    new OfficialBases(
            new RegistryImages(
                credentials(),
                configuration.allowInsecureRegistries,
                offline(),
                Path.of(baseCache, "paas")),
            buildLog())
        .requireOfficialBase(profile, request.baseImage());
    List<BuiltImage> images =
        new ImageComposer(credentials(), buildLog(), pluginVersion).compose(request);
    getLog()
        .info(
            "paas: "
                + images.size()
                + " image(s) recorded in "
                + request.outputDirectory().resolve("images.json"));
    for (BuiltImage image : images) {
      getLog()
          .info(
              String.format(
                  "  %-10s %s  %s", image.environment(), image.digest(), image.archive()));
    }
  }
}
