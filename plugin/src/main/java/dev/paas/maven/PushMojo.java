package dev.paas.maven;

import dev.paas.core.PaasException;
import dev.paas.core.build.BuiltImage;
import dev.paas.core.build.ImagesManifest;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.ComplianceGate;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.check.report.JsonReport;
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
 * unchanged: the registry's digest is the recorded one. An image without a passing
 * {@code paas:check} report for exactly its digest is refused, and then nothing is sent. With a
 * signing key, each pushed image then gets a cosign signature of its digest and signed
 * attestations of its SBOM and of the check's verdict.
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
      throw new PaasException("paas:push needs the registry, but Maven runs offline (-o): run it "
          + "without -o");
    }
    Path file = BuildRequests.outputDirectory(project).resolve(ImagesManifest.FILE_NAME);
    List<BuiltImage> images = ImagesManifest.read(file);
    // Every image must have passed before any is sent: a release is all environments or none.
    Path reports = BuildRequests.outputDirectory(project).resolve("reports");
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
        attestations.put(built, attestations(reports, built, profile, waivers));
      }
    }
    boolean insecure = paas != null && paas.allowInsecureRegistries;
    ImagePusher pusher = new ImagePusher(credentials(), insecure, buildLog());
    ServiceRegistrar registrar = new ServiceRegistrar(buildLog());
    for (BuiltImage built : images) {
      ImageReference target = ImageReference.parse(built.reference(), "images.json reference");
      ImageReference base = ImageReference.parse(built.baseImage(), "images.json baseImage");
      try (OciImage image = OciImage.open(ImageReference.parse(built.archive(), "images.json archive"))) {
        if (!image.manifestDigest().equals(built.digest())) {
          throw new PaasException(built.archive() + " holds " + image.manifestDigest() + ", not the "
              + "recorded " + built.digest() + ": it changed after paas:build; build again");
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

  /** {@code -Dpaas.signingKey}, else {@code <paas><signingKey>}; relative to the project. */
  private Optional<SigningKey> signingKey() throws PaasException {
    Optional<String> path = Optional.ofNullable(signingKey).filter(v -> !v.isBlank())
        .or(() -> Optional.ofNullable(paas).map(p -> p.signingKey).filter(v -> !v.isBlank()));
    if (path.isEmpty()) {
      return Optional.empty();
    }
    // cosign reads the password from the same variable, so one secret serves both tools.
    Optional<String> password = Optional.ofNullable(System.getenv("COSIGN_PASSWORD"));
    return Optional.of(SigningKey.read(baseDirectory().resolve(path.get()), password));
  }

  /** The SBOM and the verdict of the check that let {@code built} through, to attest. */
  private List<Attestation> attestations(Path reports, BuiltImage built, PlatformProfile profile,
      List<Waiver> waivers) throws PaasException {
    Path reportFile = reports.resolve(built.environment() + ".json");
    CheckReport report;
    try {
      report = JsonReport.read(reportFile);
    } catch (IOException e) {
      throw new PaasException("Cannot read the check report " + reportFile + ": " + e.getMessage()
          + "; run paas:check again", e);
    }
    VerdictPredicate.Context context = new VerdictPredicate.Context(profile.name(),
        profile.source(), profile.policy(), waivers, LocalDate.now(), pluginVersion());
    return List.of(ImageAttestations.cycloneDx(reports.resolve(built.environment() + ".cdx.json")),
        VerdictPredicate.of(report, context));
  }

  private void sign(ImageReference target, String digest, SigningKey key, boolean insecure,
      List<Attestation> attestations) throws PaasException {
    var ref = target.registryReference();
    RegistryClient client = new RegistryClient(ref.getRegistry(),
        credentials().forRegistry(ref.getRegistry()), insecure);
    try {
      ImageSignature.Pushed pushed = new ImageSignature(client, key)
          .push(ref.getRepository(), digest);
      String attested = new ImageAttestations(client, key)
          .push(ref.getRepository(), digest, attestations);
      getLog().info("paas: signed " + ref.getRegistry() + "/" + ref.getRepository() + "@" + digest
          + " (" + pushed.tag() + ", " + attested + ": " + attestations.stream()
              .map(Attestation::predicateType).toList() + ", key " + key.source() + ")");
    } catch (RegistryException e) {
      throw new PaasException("Pushed " + target + "@" + digest + " but could not push its "
          + "signature and attestations: " + e.getMessage() + ". The image is in the registry "
          + "unsigned; run paas:push again once the registry accepts writes to "
          + ref.getRepository(), e);
    }
  }
}
