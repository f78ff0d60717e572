package dev.paas.maven;

import dev.paas.core.PaasException;
import dev.paas.core.build.BuildRequest;
import dev.paas.core.build.BuiltImage;
import dev.paas.core.build.ImagesManifest;
import dev.paas.core.check.ComplianceGate;
import dev.paas.core.check.report.JsonReport;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.image.ImageArchives;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.EnvironmentAdditions.Registration;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.ServiceRegistrar;
import dev.paas.core.registry.ImagePusher;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import dev.paas.core.signing.ImageAttestations;
import dev.paas.core.signing.ImageAttestations.Attestation;
import dev.paas.core.signing.ImageSignature;
import dev.paas.core.signing.SigningKey;
import dev.paas.core.signing.VerdictPredicate;
import dev.paas.maven.support.JibProject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Sends the images recorded in {@code target/paas/images.json} to their registry references,
 * unchanged: the registry's digest is the recorded one. An image without a passing {@code
 * paas:check} report for exactly its digest is refused, and then nothing is sent. With a signing
 * key, each pushed image then gets a cosign signature of its digest and signed attestations of its
 * SBOM and of the check's verdict. In a project whose jib-maven-plugin runs the paas extension, the
 * image is the one Jib recorded in {@code jib-image.json}.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractPaasMojo {
  /** The signing key, replacing {@code <paas><signingKey>}; see {@link PaasConfiguration}. */
  @Parameter(property = "paas.signingKey")
  String signingKey;

  @Override
  void run() throws PaasException {
    if ("pom".equals(project.getPackaging())) {
      getLog().info("paas: nothing to push for pom packaging");
      return;
    }
    if (offline()) {
      throw new PaasException(
          "paas:push needs the registry, but Maven runs offline (-o): run it " + "without -o");
    }
    Path reports = BuildRequests.outputDirectory(project).resolve("reports");
    JibProject jib = jib();
    if (jib.usesPaasExtension()) {
      pushJibImage(jib, reports);
      return;
    }
    Path file = BuildRequests.outputDirectory(project).resolve(ImagesManifest.FILE_NAME);
    List<BuiltImage> images = ImagesManifest.read(file);
    // Every image must have passed before any is sent: a release is all environments or none.
    for (BuiltImage built : images) {
      ComplianceGate.requirePassed(reports, built.environment(), built.reference(), built.digest());
    }
    // The key and every attestation are ready before anything is sent: a bad key, a missing
    // SBOM or profile must not leave unsigned images in the registry.
    Optional<SigningKey> key = signingKey();
    Map<BuiltImage, List<Attestation>> attestations = new HashMap<>();
    if (key.isPresent()) {
      PlatformProfile profile = platformProfile();
      List<Waiver> waivers = waivers();
      for (BuiltImage built : images) {
        attestations.put(built, attestations(reports, built.environment(), profile, waivers));
      }
    }
    boolean insecure = paas != null && paas.allowInsecureRegistries;
    ImagePusher pusher = new ImagePusher(credentials(), insecure, buildLog());
    ServiceRegistrar registrar = new ServiceRegistrar(buildLog());
    for (BuiltImage built : images) {
      ImageReference target = ImageReference.parse(built.reference(), "images.json reference");
      ImageReference base = ImageReference.parse(built.baseImage(), "images.json baseImage");
      try (OciImage image =
          OciImage.open(ImageReference.parse(built.archive(), "images.json archive"))) {
        if (!image.manifestDigest().equals(built.digest())) {
          throw new PaasException(
              built.archive()
                  + " holds "
                  + image.manifestDigest()
                  + ", not the "
                  + "recorded "
                  + built.digest()
                  + ": it changed after paas:build; build again");
        }
        String digest = pusher.push(image, target, Optional.of(base)).digest();
        if (key.isPresent()) {
          sign(target, digest, key.get(), insecure, attestations.get(built));
        }
      } catch (IOException e) {
        throw new PaasException("Cannot read " + built.archive() + ": " + e.getMessage(), e);
      }
      for (Registration registration : built.registrations()) {
        registrar.register(registration, built.environment(), built.reference(), built.digest());
      }
    }
  }

  /**
   * The image jib-maven-plugin built with the paas extension, as {@code jib-image.json} records it,
   * once it passed {@code paas:check} for exactly its digest: after {@code jib:build}, already in
   * the registry, it is signed where it is; an OCI-format tar from {@code jib:buildTar} is sent
   * unchanged first, then signed. A docker-format tar is refused: its pushed digest is not the one
   * checked.
   */
  private void pushJibImage(JibProject jib, Path reports) throws PaasException {
    JibImageRecord built = JibImageRecord.read(jib.imageJson());
    String environment =
        jib.extensionConfiguration("environment").orElse(BuildRequest.DEFAULT_ENVIRONMENT);
    ImageReference target = ImageReference.parse(built.image(), built.file() + " image");
    boolean insecure =
        paas != null && paas.allowInsecureRegistries || jib.allowInsecureRegistries();
    Optional<ImageReference> archive = Optional.empty();
    if (!built.pushed()) {
      archive = Optional.of(jibTar(jib, built));
    }
    try {
      ComplianceGate.requirePassed(reports, environment, built.image(), built.digest());
    } catch (PaasException e) {
      if (!built.pushed()) {
        throw e;
      }
      // jib:build pushed before any check: what is refused here is the release, the signature.
      throw new PaasException(
          e.getMessage()
              + ". jib:build already pushed it; paas:push does not "
              + "sign it, so a registry or cluster that admits only signed images refuses it",
          e);
    }
    Optional<SigningKey> key = signingKey();
    List<Attestation> attestations =
        key.isEmpty()
            ? List.of()
            : attestations(reports, environment, platformProfile(), waivers());
    String digest = built.digest();
    if (archive.isPresent()) {
      ImagePusher pusher = new ImagePusher(credentials(), insecure, buildLog());
      try (OciImage image = OciImage.open(archive.get())) {
        if (!image.manifestDigest().equals(built.digest())) {
          throw new PaasException(
              archive.get()
                  + " holds "
                  + image.manifestDigest()
                  + ", not the "
                  + built.digest()
                  + " that "
                  + built.file()
                  + " records: it changed after Jib built "
                  + "it; build it again");
        }
        digest = pusher.push(image, target, Optional.empty()).digest();
      } catch (IOException e) {
        throw new PaasException("Cannot read " + archive.get() + ": " + e.getMessage(), e);
      }
    } else {
      getLog()
          .info(
              "paas: "
                  + built.image()
                  + "@"
                  + digest
                  + " was pushed by jib:build and passed "
                  + "paas:check");
    }
    if (key.isPresent()) {
      sign(target, digest, key.get(), insecure, attestations);
    } else if (!built.pushed()) {
      getLog()
          .info(
              "paas: no signing key (-Dpaas.signingKey): "
                  + target
                  + "@"
                  + digest
                  + " is not signed");
    } else {
      getLog().info("paas: no signing key (-Dpaas.signingKey): nothing to push or sign");
    }
  }

  /** The OCI archive {@code jib:buildTar} wrote, which paas:push can send unchanged. */
  private static ImageReference jibTar(JibProject jib, JibImageRecord built) throws PaasException {
    Path tar = jib.imageTar();
    ImageReference archive;
    try {
      archive = ImageArchives.reference(tar);
    } catch (IOException e) {
      throw new PaasException(
          built.file()
              + " says Jib built "
              + built.image()
              + " without pushing "
              + "it, and its tar "
              + tar
              + " cannot be read ("
              + e.getMessage()
              + "). Build it with "
              + "jib:buildTar and <format>OCI</format>, or push it with jib:build, then run paas:check "
              + "and paas:push",
          e);
    }
    if (archive.transport() != ImageReference.Transport.OCI_ARCHIVE) {
      throw new PaasException(
          "Jib wrote "
              + tar
              + " in Docker format, whose digest in a registry "
              + "is not the image id paas:check checked, so paas:push cannot send it as checked. Set "
              + "<format>OCI</format> in jib-maven-plugin's <configuration> and build again, or push "
              + "with jib:build and let paas:check and paas:push check and sign the pushed image");
    }
    return archive;
  }

  /** {@code -Dpaas.signingKey}, else {@code <paas><signingKey>}; relative to the project. */
  private Optional<SigningKey> signingKey() throws PaasException {
    Optional<String> path =
        Optional.ofNullable(signingKey)
            .filter(v -> !v.isBlank())
            .or(() -> Optional.ofNullable(paas).map(p -> p.signingKey).filter(v -> !v.isBlank()));
    if (path.isEmpty()) {
      return Optional.empty();
    }
    // cosign reads the password from the same variable, so one secret serves both tools.
    Optional<String> password = Optional.ofNullable(System.getenv("COSIGN_PASSWORD"));
    return Optional.of(SigningKey.read(baseDirectory().resolve(path.get()), password));
  }

  /** The SBOM and the verdict of the check that let {@code environment}'s image through. */
  private List<Attestation> attestations(
      Path reports, String environment, PlatformProfile profile, List<Waiver> waivers)
      throws PaasException {
    Path reportFile = reports.resolve(environment + ".json");
    CheckReport report;
    try {
      report = JsonReport.read(reportFile);
    } catch (IOException e) {
      throw new PaasException(
          "Cannot read the check report "
              + reportFile
              + ": "
              + e.getMessage()
              + "; run paas:check again",
          e);
    }
    VerdictPredicate.Context context =
        new VerdictPredicate.Context(
            profile.name(),
            profile.source(),
            profile.digest(),
            profile.policy(),
            waivers,
            LocalDate.now(),
            pluginVersion());
    return List.of(
        ImageAttestations.cycloneDx(reports.resolve(environment + ".cdx.json")),
        VerdictPredicate.of(report, context));
  }

  private void sign(
      ImageReference target,
      String digest,
      SigningKey key,
      boolean insecure,
      List<Attestation> attestations)
      throws PaasException {
    var ref = target.registryReference();
    RegistryClient client =
        new RegistryClient(
            ref.getRegistry(), credentials().forRegistry(ref.getRegistry()), insecure);
    try {
      ImageSignature.Pushed pushed =
          new ImageSignature(client, key).push(ref.getRepository(), digest);
      String attested =
          new ImageAttestations(client, key).push(ref.getRepository(), digest, attestations);
      getLog()
          .info(
              "paas: signed "
                  + ref.getRegistry()
                  + "/"
                  + ref.getRepository()
                  + "@"
                  + digest
                  + " ("
                  + pushed.tag()
                  + ", "
                  + attested
                  + ": "
                  + attestations.stream().map(Attestation::predicateType).toList()
                  + ", key "
                  + key.source()
                  + ")");
    } catch (RegistryException e) {
      throw new PaasException(
          "Pushed "
              + target
              + "@"
              + digest
              + " but could not push its "
              + "signature and attestations: "
              + e.getMessage()
              + ". The image is in the registry "
              + "unsigned; run paas:push again once the registry accepts writes to "
              + ref.getRepository(),
          e);
    }
  }
}
