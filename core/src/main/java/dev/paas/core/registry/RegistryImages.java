package dev.paas.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.image.Platform;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Registry images pinned to a digest and opened through the machine's blob store. A reference
 * pinned online is remembered, so an offline build ({@code -o}) reads the same image.
 */
public final class RegistryImages {
  private final CredentialSource credentials;
  private final boolean allowInsecure;
  private final boolean offline;
  private final Path cacheDirectory;

  /**
   * @param cacheDirectory this plugin's cache: pins under {@code pinned/}, blobs under {@code
   *     blobs/}
   */
  public RegistryImages(
      CredentialSource credentials, boolean allowInsecure, boolean offline, Path cacheDirectory) {
    this.credentials = credentials;
    this.allowInsecure = allowInsecure;
    this.offline = offline;
    this.cacheDirectory = cacheDirectory;
  }

  /** A client for the reference's registry, with its credentials. */
  public RegistryClient client(ImageReference reference) throws PaasException {
    String registry = reference.registryReference().getRegistry();
    return new RegistryClient(registry, credentials.forRegistry(registry), allowInsecure);
  }

  /**
   * The linux/amd64 manifest digest {@code reference} names. {@code what} names it in messages,
   * e.g. "base image", {@code element} where it was configured, e.g. {@code <baseImage>}; {@code
   * offlineAdvice} says what to do when it was never pinned.
   */
  public String pin(ImageReference reference, String what, String element, String offlineAdvice)
      throws PaasException {
    var ref = reference.registryReference();
    Path pinned =
        cacheDirectory
            .resolve("pinned")
            .resolve(
                OciImage.sha256(reference.toString().getBytes(StandardCharsets.UTF_8))
                    .substring(7));
    if (offline) {
      return readPinned(pinned)
          .orElseThrow(
              () ->
                  new PaasException(
                      "Offline (-o) and the "
                          + what
                          + " "
                          + reference
                          + " has never been pulled on this machine: "
                          + offlineAdvice));
    }
    String tagOrDigest = ref.getDigest().orElse(ref.getTag().orElse("latest"));
    RegistryClient.Manifest manifest =
        client(reference)
            .manifest(ref.getRepository(), tagOrDigest)
            .orElseThrow(
                () ->
                    new RegistryException(
                        RegistryException.Reason.NOT_FOUND,
                        capitalised(what)
                            + " "
                            + reference
                            + " was not found (404): check "
                            + element
                            + " (registry, repository and tag) and that the image has been pushed there"));
    String digest = platformDigest(manifest, reference, what);
    try {
      AtomicFile.write(pinned, out -> out.write(digest.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      // Only offline builds need the pin; an online build goes on without it.
    }
    return digest;
  }

  /**
   * Every tag of {@code repository}'s repository. The list is remembered, so offline it is the one
   * read last online.
   */
  public List<String> tags(ImageReference repository) throws PaasException {
    Path kept =
        cacheDirectory
            .resolve("tags")
            .resolve(
                OciImage.sha256(repository.toString().getBytes(StandardCharsets.UTF_8))
                    .substring(7));
    if (offline) {
      try {
        return Files.readAllLines(kept, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new PaasException(
            "Offline (-o) and the tags of "
                + repository
                + " were never "
                + "listed on this machine: check once online, or list the accepted tags in the "
                + "platform profile");
      }
    }
    List<String> tags = client(repository).tags(repository.registryReference().getRepository());
    try {
      AtomicFile.write(
          kept, out -> out.write(String.join("\n", tags).getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      // Only offline checks need the list.
    }
    return tags;
  }

  /** Opens {@code reference} pinned at {@code digest}; offline, its blobs must be cached. */
  public RegistryImageSource open(ImageReference reference, String digest) throws PaasException {
    Optional<RegistryClient> client = offline ? Optional.empty() : Optional.of(client(reference));
    return new RegistryImageSource(
        client,
        reference.registryReference().getRepository(),
        digest,
        cacheDirectory.resolve("blobs"));
  }

  // An index names one manifest per platform; the containers here run linux/amd64.
  private static String platformDigest(
      RegistryClient.Manifest manifest, ImageReference reference, String what)
      throws PaasException {
    try {
      JsonNode json = manifest.json();
      if (!json.has("manifests")) {
        return manifest.digest();
      }
      return Platform.selectFrom(json)
          .orElseThrow(
              () ->
                  new PaasException(
                      capitalised(what)
                          + " "
                          + reference
                          + " is an index without a linux/amd64 image"));
    } catch (IOException e) {
      throw new PaasException(
          capitalised(what) + " " + reference + " has a malformed manifest: " + e.getMessage());
    }
  }

  private static Optional<String> readPinned(Path file) {
    try {
      return Optional.of(Files.readString(file).strip()).filter(s -> s.startsWith("sha256:"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String capitalised(String what) {
    return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
  }
}
