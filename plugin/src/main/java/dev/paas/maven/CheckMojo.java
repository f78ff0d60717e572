package dev.paas.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.build.BuildRequest;
import dev.paas.core.build.BuiltImage;
import dev.paas.core.build.ImagesManifest;
import dev.paas.core.check.ComplianceGate;
import dev.paas.core.check.OpenedTargets;
import dev.paas.core.check.report.FindingGroups;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.image.ImageArchives;
import dev.paas.core.image.ImageReference;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.maven.support.JibProject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.LocalRepository;

/**
 * Checks every image {@code paas:build} recorded (in a project built with jib-maven-plugin and the
 * paas extension, the image Jib recorded), or the image given with {@code -Dpaas.image}, against
 * the platform's rules; writes the reports under {@code target/paas/reports/} and fails the build
 * when an unwaived error remains.
 */
@Mojo(
    name = "check",
    defaultPhase = LifecyclePhase.VERIFY,
    threadSafe = true,
    requiresProject = false)
public class CheckMojo extends AbstractPaasMojo {

  /**
   * An image to check instead of the recorded ones: a registry reference, {@code docker-archive:},
   * {@code oci-archive:} or {@code oci:}. Its report is named {@code image}.
   */
  @Parameter(property = "paas.image")
  String image;

  /**
   * The advisories to match, replacing {@code <paas><vulnerabilityDb>} and the platform profile's:
   * a directory of OSV JSON files or an osv.dev {@code all.zip}. A relative path is taken from the
   * project's directory.
   */
  @Parameter(property = "paas.vulnerabilityDb")
  String vulnerabilityDb;

  /** The OSV API to ask where the platform profile allows it ({@code advisories.osvApi}). */
  @Parameter(property = "paas.osvApiUrl", defaultValue = "https://api.osv.dev")
  String osvApiUrl;

  /** The session's local repository: its artifacts identify an image's jars by their bytes. */
  private Optional<Path> localRepository() {
    return Optional.ofNullable(session)
        .map(MavenSession::getRepositorySession)
        .map(RepositorySystemSession::getLocalRepository)
        .map(LocalRepository::getBasedir)
        .map(File::toPath);
  }

  @Override
  void run() throws PaasException, MojoExecutionException, MojoFailureException {
    boolean given = image != null && !image.isBlank();
    if (!given && "pom".equals(project.getPackaging())) {
      getLog().info("paas: nothing to check for pom packaging");
      return;
    }
    JibProject jib = jib();
    boolean jibBuilt = !given && jib.usesPaasExtension();
    List<ComplianceGate.Target> targets = given ? List.of(givenImage()) : recordedImages(jib);
    Path reports = BuildRequests.outputDirectory(project).resolve("reports");
    // The image Jib built was held to the extension's official base; any other to <baseImage>'s.
    Optional<String> paasBase =
        Optional.ofNullable(paas).map(p -> p.baseImage).filter(b -> !b.isBlank());
    Optional<String> extensionBase = jib.extensionConfiguration("officialBaseImage");
    Optional<String> configuredBase =
        jibBuilt ? extensionBase.or(() -> paasBase) : paasBase.or(() -> extensionBase);
    boolean insecure =
        paas != null && paas.allowInsecureRegistries
            || jib.usesPaasExtension() && jib.allowInsecureRegistries();
    // In a Jib project, Jib's <from><auth> for its base's registry comes first, as in the
    // extension.
    ComplianceGate gate =
        new ComplianceGate(
            Path.of(baseCache, "paas"),
            jib.usesPaasExtension() ? jib.fromAuth().orElse(credentials()) : credentials(),
            insecure,
            offline(),
            localRepository(),
            Optional.ofNullable(fleetCache).filter(c -> !c.isBlank()),
            buildLog());
    List<CheckReport> results;
    // The images are opened, and the proofs of their cached layers started, before the profile is
    // read: reading it then goes on beside the hashing.
    try (OpenedTargets images = gate.open(targets)) {
      PlatformProfile profile = platformProfile();
      results =
          gate.check(
              images,
              profile,
              configuredBase,
              projectDirectory(),
              waivers(),
              LocalDate.now(),
              advisories(profile),
              reports,
              pluginVersion());
    }
    // Each error once, with the images it is in: a shared layer's finding is one to fix.
    List<String> failures = new ArrayList<>();
    for (FindingGroups.Group group : FindingGroups.of(results, ReportedFinding::failsBuild)) {
      ReportedFinding e = group.finding();
      failures.add(
          String.join(", ", group.images())
              + ": ["
              + e.rule()
              + "] "
              + e.location()
              + ": "
              + e.message()
              + " (id "
              + e.id()
              + ")");
    }
    if (!failures.isEmpty()) {
      throw new MojoFailureException(
          "paas:check found "
              + failures.size()
              + " unwaived error(s) in "
              + results.size()
              + " image(s); the image(s) may not be released. To accept one, paste its "
              + "<waiver> from the summary above into <paas><waivers>. Reports: "
              + reports
              + "\n  "
              + String.join("\n  ", failures));
    }
  }

  /**
   * The advisory sources: {@code -Dpaas.vulnerabilityDb}, else {@code <paas><vulnerabilityDb>},
   * else the profile's; the OSV API where the profile allows it, never offline.
   */
  private ComplianceGate.Advisories advisories(PlatformProfile profile) throws PaasException {
    Optional<String> db =
        Optional.ofNullable(vulnerabilityDb)
            .filter(v -> !v.isBlank())
            .or(
                () ->
                    Optional.ofNullable(paas).map(p -> p.vulnerabilityDb).filter(v -> !v.isBlank()))
            .or(() -> profile.advisories().vulnerabilityDb());
    Optional<Path> path =
        db.map(String::strip)
            .map(Path::of)
            .map(p -> p.isAbsolute() ? p : baseDirectory().resolve(p));
    boolean api = profile.advisories().osvApi();
    if (api && offline()) {
      getLog().info("paas: offline: the OSV API is not asked; only the vulnerabilityDb is used");
      api = false;
    }
    URI url;
    try {
      url = URI.create(osvApiUrl.strip());
    } catch (IllegalArgumentException e) {
      throw new PaasException(
          "-Dpaas.osvApiUrl=" + osvApiUrl + " is not a URL: " + e.getMessage(), e);
    }
    return new ComplianceGate.Advisories(path, api, url);
  }

  private ComplianceGate.Target givenImage() throws PaasException {
    ImageReference reference = ImageReference.parse(image, "-Dpaas.image");
    return new ComplianceGate.Target("image", reference, Optional.empty());
  }

  private List<ComplianceGate.Target> recordedImages(JibProject jib) throws PaasException {
    Path file = BuildRequests.outputDirectory(project).resolve(ImagesManifest.FILE_NAME);
    if (jib.usesPaasExtension()) {
      return List.of(jibImage(jib));
    }
    if (!Files.isRegularFile(file)) {
      throw new PaasException(
          "No images to check: "
              + file
              + " does not exist. Run paas:build "
              + "first (mvn verify runs it in package), or check any image with -Dpaas.image=<reference>");
    }
    List<ComplianceGate.Target> targets = new ArrayList<>();
    for (BuiltImage built : ImagesManifest.read(file)) {
      targets.add(
          new ComplianceGate.Target(
              built.environment(),
              ImageReference.parse(built.archive(), "images.json archive"),
              Optional.of(built.digest()),
              Optional.of(built.reference())));
    }
    return targets;
  }

  /**
   * The image the project's jib-maven-plugin built with the paas extension, as Jib recorded it in
   * {@code jib-image.json}: the pushed image by its digest, or the tar {@code jib:buildTar} wrote
   * (whose image id Jib recorded). Its report is named after the extension's environment.
   */
  private ComplianceGate.Target jibImage(JibProject jib) throws PaasException {
    Path json = jib.imageJson();
    if (!Files.isRegularFile(json)) {
      throw new PaasException(
          "No image to check: this project builds its image with jib-maven-plugin "
              + "and the paas extension, and "
              + json
              + " does not exist. Build it first (mvn package "
              + "jib:buildTar, or jib:build), or check any image with -Dpaas.image=<reference>");
    }
    JsonNode built;
    try {
      built = new ObjectMapper().readTree(json.toFile());
    } catch (IOException e) {
      throw new PaasException(
          json
              + " cannot be read as Jib's image record: "
              + e.getMessage()
              + ". Build the image again",
          e);
    }
    String name =
        jib.extensionConfiguration("environment").orElse(BuildRequest.DEFAULT_ENVIRONMENT);
    String image = built.path("image").asText("");
    if (built.path("imagePushed").asBoolean(false)) {
      String digest = built.path("imageDigest").asText("");
      ImageReference pushed = ImageReference.parse(image, json + " image");
      var reference = pushed.registryReference();
      getLog()
          .info("paas: checking the image Jib pushed, " + image + "@" + digest + " (" + json + ")");
      return new ComplianceGate.Target(
          name,
          ImageReference.parse(
              reference.getRegistry() + "/" + reference.getRepository() + "@" + digest,
              json + " image"),
          Optional.of(digest));
    }
    Path tar = jib.imageTar();
    if (!Files.isRegularFile(tar)) {
      throw new PaasException(
          "No image to check: "
              + json
              + " says Jib built "
              + image
              + " without "
              + "pushing it, and its tar "
              + tar
              + " does not exist (jib:dockerBuild keeps images in a "
              + "Docker daemon, which paas:check does not read). Build it with jib:buildTar or jib:build, "
              + "or check it with -Dpaas.image=<reference>");
    }
    ImageReference archive;
    try {
      archive = ImageArchives.reference(tar);
    } catch (IOException e) {
      throw new PaasException(
          "The tar Jib wrote, "
              + tar
              + ", cannot be read: "
              + e.getMessage()
              + ". Build the image again",
          e);
    }
    getLog().info("paas: checking the image Jib wrote, " + archive + " (" + json + ")");
    // Jib's <format>: a docker archive is known by its image id, an OCI archive by its manifest's
    // digest.
    String recorded =
        built
            .path(
                archive.transport() == ImageReference.Transport.OCI_ARCHIVE
                    ? "imageDigest"
                    : "imageId")
            .asText("");
    return new ComplianceGate.Target(
        name,
        archive,
        Optional.of(recorded).filter(id -> !id.isEmpty()),
        Optional.of(image).filter(i -> !i.isBlank()));
  }

  // Runtime descriptors are the project's; a standalone -Dpaas.image check has none.
  private Optional<Path> projectDirectory() {
    if (project.getFile() == null) {
      return Optional.empty();
    }
    return Optional.of(project.getBasedir().toPath());
  }
}
