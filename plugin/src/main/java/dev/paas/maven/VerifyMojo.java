package dev.paas.maven;

import dev.paas.core.PaasException;
import dev.paas.core.build.BuiltImage;
import dev.paas.core.build.ImagesManifest;
import dev.paas.core.check.signature.CosignVerifier;
import dev.paas.core.image.ImageReference;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.signing.ReleaseVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks that images are signed releases, for pipelines that gate a deployment rather than a
 * cluster: a cosign signature made with the release key, and a verdict attestation signed with it
 * that says PASSED. Checks {@code -Dpaas.image}, else every image {@code paas:push} sent (in a
 * project built by jib-maven-plugin with the paas extension, the image Jib recorded).
 */
@Mojo(name = "verify", threadSafe = true, requiresProject = false)
public class VerifyMojo extends AbstractPaasMojo {
  /** The image to verify (a registry reference, by tag or digest). */
  @Parameter(property = "paas.image")
  String image;

  /** The release public key (PEM, cosign.pub); left out, the platform profile's key. */
  @Parameter(property = "paas.publicKey")
  String publicKey;

  @Override
  void run() throws PaasException {
    if (offline()) {
      throw new PaasException(
          "paas:verify reads the registry, but Maven runs offline (-o): run " + "it without -o");
    }
    PublicKey key = publicKey();
    List<String> references = new ArrayList<>();
    if (image != null && !image.isBlank()) {
      references.add(image);
    } else if (jib().usesPaasExtension()) {
      // The image Jib built, by the digest it recorded: pushed by jib:build or by paas:push.
      JibImageRecord built = JibImageRecord.read(jib().imageJson());
      references.add(built.image() + "@" + built.digest());
    } else {
      Path file = BuildRequests.outputDirectory(project).resolve(ImagesManifest.FILE_NAME);
      for (BuiltImage built : ImagesManifest.read(file)) {
        references.add(built.reference() + "@" + built.digest());
      }
    }
    boolean insecure =
        paas != null && paas.allowInsecureRegistries
            || jib().usesPaasExtension() && jib().allowInsecureRegistries();
    List<String> refused = new ArrayList<>();
    for (String reference : references) {
      var ref = ImageReference.parse(reference, "-Dpaas.image").registryReference();
      RegistryClient client =
          new RegistryClient(
              ref.getRegistry(), credentials().forRegistry(ref.getRegistry()), insecure);
      String repository = ref.getRepository();
      Optional<String> pinned = ref.getDigest();
      String digest =
          pinned.isPresent()
              ? pinned.get()
              : client
                  .manifest(repository, ref.getTag().orElse("latest"))
                  .orElseThrow(
                      () ->
                          new PaasException(
                              "paas:verify: " + reference + " is not in the " + "registry"))
                  .digest();
      ReleaseVerifier.Result result = new ReleaseVerifier(client).verify(repository, digest, key);
      String checked = ref.getRegistry() + "/" + repository + "@" + digest;
      if (result.released()) {
        getLog().info("paas:verify " + checked + ": RELEASED");
        result.reasons().forEach(r -> getLog().info("  " + r));
      } else {
        getLog().error("paas:verify " + checked + ": NOT RELEASED");
        result.reasons().forEach(r -> getLog().error("  " + r));
        refused.add(checked);
      }
    }
    if (!refused.isEmpty()) {
      throw new PaasException(
          "paas:verify: "
              + String.join(", ", refused)
              + " is not a signed "
              + "release (see the reasons above): push it with paas:push and a <signingKey> after "
              + "paas:check passed, or verify with the release pipeline's public key");
    }
  }

  /** {@code -Dpaas.publicKey}, else the platform profile's key. */
  private PublicKey publicKey() throws PaasException {
    String pem;
    String where;
    if (publicKey != null && !publicKey.isBlank()) {
      Path file = baseDirectory().resolve(publicKey);
      where = file.toString();
      try {
        pem = Files.readString(file);
      } catch (IOException e) {
        throw new PaasException(
            "Cannot read the public key " + file + " (-Dpaas.publicKey): " + e.getMessage(), e);
      }
    } else {
      var profile = platformProfile();
      where = profile.source() + " (policy.publicKey)";
      pem =
          profile
              .policy()
              .publicKey()
              .orElseThrow(
                  () ->
                      new PaasException(
                          "paas:verify needs "
                              + "the release public key: give -Dpaas.publicKey=cosign.pub, or a platform profile "
                              + "with policy.publicKey"));
    }
    try {
      return CosignVerifier.publicKey(pem);
    } catch (IllegalArgumentException e) {
      throw new PaasException(where + ": " + e.getMessage(), e);
    }
  }
}
