package dev.paas.core.image;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An image location in skopeo's transport syntax: a plain reference is a registry image; {@code
 * docker-archive:PATH}, {@code oci-archive:PATH} and {@code oci:DIR} are local.
 *
 * @param transport where the image lives
 * @param location the registry reference or the local path, without the transport prefix
 */
public record ImageReference(Transport transport, String location) {

  /** The kinds of place an image can live. */
  public enum Transport {
    REGISTRY(""),
    DOCKER_ARCHIVE("docker-archive:"),
    OCI_ARCHIVE("oci-archive:"),
    OCI_DIR("oci:");

    private final String prefix;

    Transport(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  /**
   * Parses a reference as skopeo does.
   *
   * @param text the reference, e.g. {@code registry.example/base/java17:1} or {@code
   *     oci-archive:base.tar}
   * @param element the configuration element it came from, named in the error
   * @throws InvalidReferenceException when the text is not a valid reference
   */
  public static ImageReference parse(String text, String element) throws InvalidReferenceException {
    if (text == null || text.isBlank()) {
      throw new InvalidReferenceException(
          element
              + " is empty: give an image reference such as "
              + "registry.example/base/java17:1, docker-archive:base.tar or oci-archive:base.tar");
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("docker://")) {
      trimmed = trimmed.substring("docker://".length());
    }
    for (Transport t : Transport.values()) {
      if (t != Transport.REGISTRY && trimmed.startsWith(t.prefix())) {
        String path = stripArchiveTag(trimmed.substring(t.prefix().length()));
        if (path.isEmpty()) {
          throw new InvalidReferenceException(
              element + " '" + text + "' names no path after '" + t.prefix() + "'");
        }
        return new ImageReference(t, path);
      }
    }
    try {
      com.google.cloud.tools.jib.api.ImageReference.parse(trimmed);
    } catch (InvalidImageReferenceException e) {
      throw new InvalidReferenceException(
          element
              + " '"
              + text
              + "' is not a valid image reference: "
              + "expected [registry/]repository[:tag][@sha256:digest], docker-archive:PATH, "
              + "oci-archive:PATH or oci:DIR");
    }
    return new ImageReference(Transport.REGISTRY, trimmed);
  }

  // skopeo allows "oci-archive:path:tag"; the tag part only names the image inside the archive.
  private static String stripArchiveTag(String rest) {
    int colon = rest.indexOf(':');
    return colon > 0 ? rest.substring(0, colon) : rest;
  }

  public boolean isRegistry() {
    return transport == Transport.REGISTRY;
  }

  /** The local file or directory of a local image. */
  public Path path() {
    if (isRegistry()) {
      throw new IllegalStateException(this + " is a registry image");
    }
    return Path.of(location);
  }

  /** The parsed registry reference (registry, repository, tag, digest) of a registry image. */
  public com.google.cloud.tools.jib.api.ImageReference registryReference() {
    if (!isRegistry()) {
      throw new IllegalStateException(this + " is a local image");
    }
    try {
      return com.google.cloud.tools.jib.api.ImageReference.parse(location);
    } catch (InvalidImageReferenceException e) {
      throw new IllegalStateException("validated at parse time", e);
    }
  }

  /** The registry host of a registry image, as credentials are looked up. */
  public Optional<String> registry() {
    return isRegistry() ? Optional.of(registryReference().getRegistry()) : Optional.empty();
  }

  /**
   * The reference of an environment's image: this reference with {@code -environment} appended to
   * its tag ({@code latest} when it has none).
   */
  public ImageReference forEnvironment(String environment) throws InvalidReferenceException {
    requirePushTarget();
    var ref = registryReference();
    String tag = ref.getTag().orElse("latest") + "-" + environment;
    // Keep the reference as written (e.g. a Docker Hub short name): only the tag changes.
    int slash = location.lastIndexOf('/');
    int colon = location.lastIndexOf(':');
    String repository = colon > slash ? location.substring(0, colon) : location;
    return parse(repository + ":" + tag, "<image>");
  }

  /**
   * Checks that images can be pushed here: a registry reference with a tag (or none), not a digest,
   * which only the build can know.
   */
  public ImageReference requirePushTarget() throws InvalidReferenceException {
    if (!isRegistry()) {
      throw new InvalidReferenceException(
          "<image> must be a registry reference, not '" + this + "'");
    }
    if (registryReference().getDigest().isPresent()) {
      throw new InvalidReferenceException(
          "<image> '"
              + this
              + "' names a digest; give a tag "
              + "instead: the digest is what the build produces");
    }
    return this;
  }

  @Override
  public String toString() {
    return transport.prefix() + location;
  }
}
