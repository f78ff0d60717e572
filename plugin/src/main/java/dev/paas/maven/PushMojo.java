package dev.paas.maven;

import dev.paas.core.PaasException;
import dev.paas.core.build.BuiltImage;
import dev.paas.core.build.ImagesManifest;
import dev.paas.core.check.ComplianceGate;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.EnvironmentAdditions.Registration;
import dev.paas.core.platform.ServiceRegistrar;
import dev.paas.core.registry.ImagePusher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Sends the images recorded in {@code target/paas/images.json} to their registry references,
 * unchanged: the registry's digest is the recorded one. An image without a passing
 * {@code paas:check} report for exactly its digest is refused, and then nothing is sent.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractPaasMojo {

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
        pusher.push(image, target, Optional.of(base));
      } catch (IOException e) {
        throw new PaasException("Cannot read " + built.archive() + ": " + e.getMessage(), e);
      }
      for (Registration registration : built.registrations()) {
        registrar.register(registration, built.environment(), built.reference(), built.digest());
      }
    }
  }
}
