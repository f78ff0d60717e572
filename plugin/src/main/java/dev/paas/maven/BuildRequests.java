package dev.paas.maven;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.build.Application;
import dev.paas.core.build.BuildRequest;
import dev.paas.core.image.ImageReference;
import dev.paas.core.platform.ArtifactResolver;
import dev.paas.core.platform.OfficialImage;
import dev.paas.core.platform.Personalisation;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.Selection;
import dev.paas.core.run.ImageEnvScript;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.RunStep;
import dev.paas.maven.support.OfferSelection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

/** Maps the {@code <paas>} block and the Maven project to the engine's {@link BuildRequest}. */
final class BuildRequests {
  // An environment name becomes part of a tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private BuildRequests() {}

  /** A request under the embedded default profile, whose artifacts cannot be resolved. */
  static BuildRequest from(
      PaasConfiguration paas, MavenProject project, Path baseCache, boolean offline)
      throws PaasException {
    return from(
        paas,
        project,
        baseCache,
        offline,
        RunSettings.defaults(),
        PlatformProfiles.embedded(),
        (coordinates, extension, purpose) -> {
          throw new PaasException("no artifacts here: " + coordinates);
        },
        BuildLog.silent());
  }

  static BuildRequest from(
      PaasConfiguration paas,
      MavenProject project,
      Path baseCache,
      boolean offline,
      RunSettings run,
      PlatformProfile profile,
      ArtifactResolver artifacts,
      BuildLog log)
      throws PaasException {
    ImageReference base = ImageReference.parse(baseImage(paas, profile, log), "<paas><baseImage>");
    ImageReference image = ImageReference.parse(required(paas.image, "image"), "<paas><image>");
    if (!image.isRegistry()) {
      throw new PaasException(
          "<paas><image> '"
              + paas.image
              + "' must be a registry reference "
              + "(registry/repository:tag): it is where paas:push sends the image; the local copy is "
              + "always written under target/paas/");
    }
    image.requirePushTarget();
    List<String> environments = environments(paas.environments);
    for (String environment : environments) {
      image.forEnvironment(environment); // validates the tag of each environment's reference
    }
    Path output = outputDirectory(project);
    List<String> built =
        environments.isEmpty() ? List.of(BuildRequest.DEFAULT_ENVIRONMENT) : environments;
    Personalisation personalisation =
        Personalisation.plan(
            profile,
            selections(paas.options),
            selections(paas.services),
            built,
            artifacts,
            log,
            "<paas>");
    List<RunStep> steps = new ArrayList<>(personalisation.optionSteps());
    ImageEnvScript.step(
            project.getBasedir().toPath(),
            built,
            List.of(project.getGroupId(), project.getArtifactId(), project.getVersion()))
        .ifPresent(steps::add);
    Application application = application(paas, project, log);
    return new BuildRequest(
        base,
        image,
        environments,
        application,
        List.copyOf(paas.jvmFlags),
        Optional.ofNullable(paas.user).filter(u -> !u.isBlank()),
        Map.of(),
        output,
        output.resolve("cache"),
        baseCache,
        paas.allowInsecureRegistries,
        offline,
        steps,
        run,
        personalisation.environments(),
        SpringBootApplication.container(paas, project, log));
  }

  private static List<Selection> selections(List<OfferSelection> chosen) {
    return chosen.stream().map(OfferSelection::toSelection).toList();
  }

  // <baseImage>, else the profile's default official image. Without official images in the
  // profile, the project's base is taken as the official one.
  private static String baseImage(PaasConfiguration paas, PlatformProfile profile, BuildLog log)
      throws PaasException {
    Optional<OfficialImage> fallback =
        profile.officialImages().stream().filter(OfficialImage::isDefault).findFirst();
    String base;
    if (paas.baseImage != null && !paas.baseImage.isBlank()) {
      base = paas.baseImage;
    } else if (fallback.isPresent()) {
      base = fallback.get().defaultReference();
      log.info(
          "No <paas><baseImage>: building on the platform's default official image "
              + fallback.get().name()
              + " ("
              + base
              + ")");
    } else {
      base = required(paas.baseImage, "baseImage");
    }
    if (profile.officialImages().isEmpty()) {
      // The embedded default names none by design: the project's own <baseImage> is its floor,
      // said once. A platform's own profile without official images is a mistake worth a warning.
      String message =
          "The platform profile ("
              + profile.source()
              + ") names no official base "
              + "image: "
              + base
              + " is taken as the official one";
      if (PlatformProfiles.isEmbedded(profile)) {
        log.info(message);
      } else {
        log.warn(message);
      }
    }
    return base;
  }

  /**
   * {@code target/paas}: the archives and {@code images.json} of a project. Without a pom (a
   * standalone {@code paas:check -Dpaas.image}), {@code target/paas} of the current directory.
   */
  static Path outputDirectory(MavenProject project) {
    if (project.getFile() == null) {
      return Path.of("target", "paas").toAbsolutePath();
    }
    return Path.of(project.getBuild().getDirectory(), "paas");
  }

  private static Application application(PaasConfiguration paas, MavenProject project, BuildLog log)
      throws PaasException {
    String packaging = project.getPackaging();
    DevelopmentOnly development = DevelopmentOnly.of(paas, project.getArtifacts(), log);
    if ("war".equals(packaging)) {
      Path exploded = Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName());
      return new Application.War(exploded, paas.appRoot, development.fileNames());
    }
    if (!"jar".equals(packaging)) {
      throw new PaasException(
          "paas:build supports jar and war packaging, not '"
              + packaging
              + "'. For a fully custom image, check it with paas:check -Dpaas.image=<reference>.");
    }
    String mainClass = paas.mainClass;
    if (mainClass == null || mainClass.isBlank()) {
      mainClass = MainClassInference.infer(project, log);
    }
    if (!mainClass.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
      throw new PaasException("<paas><mainClass> '" + mainClass + "' is not a Java class name");
    }
    List<Path> releases = new ArrayList<>();
    List<Path> snapshots = new ArrayList<>();
    Map<Path, String> coordinates = new LinkedHashMap<>();
    for (Artifact artifact : project.getArtifacts()) {
      boolean runtime =
          Artifact.SCOPE_COMPILE.equals(artifact.getScope())
              || Artifact.SCOPE_RUNTIME.equals(artifact.getScope());
      // Any runtime artifact the JVM can put on the class path: jar, bundle, ejb, test-jar...
      if (!runtime
          || artifact.getFile() == null
          || !artifact.getFile().getName().endsWith(".jar")
          || development.excludes(artifact)) {
        continue;
      }
      (artifact.isSnapshot() ? snapshots : releases).add(artifact.getFile().toPath());
      // recorded in the image, so that paas:check knows each jar by what Maven resolved it as
      coordinates.put(
          artifact.getFile().toPath(),
          artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getBaseVersion());
    }
    return new Application.Jar(
        releases,
        snapshots,
        Path.of(project.getBuild().getOutputDirectory()),
        mainClass.trim(),
        coordinates);
  }

  private static List<String> environments(List<String> configured) throws PaasException {
    Set<String> names = new LinkedHashSet<>();
    for (String raw : configured) {
      String name = raw == null ? "" : raw.trim();
      if (!ENVIRONMENT.matcher(name).matches()) {
        throw new PaasException(
            "<paas><environments><environment> '"
                + raw
                + "' is not a valid "
                + "environment name: use lower-case letters, digits, '.', '_' or '-' (at most 32), "
                + "starting with a letter or digit; it becomes part of the image tag");
      }
      if (!names.add(name)) {
        throw new PaasException("<paas><environments> names '" + name + "' twice");
      }
    }
    return List.copyOf(names);
  }

  private static String required(String value, String element) throws PaasException {
    if (value == null || value.isBlank()) {
      throw new PaasException(
          "<paas><"
              + element
              + "> is missing: "
              + ("baseImage".equals(element)
                  ? "name the official base image, e.g. registry.example/base/java17:1"
                  : "name the registry reference to push to, e.g. registry.example/team/app:1.0"));
    }
    return value;
  }
}
