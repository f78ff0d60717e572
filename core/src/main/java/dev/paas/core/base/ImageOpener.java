package dev.paas.core.base;

import dev.paas.core.PaasException;
import dev.paas.core.Setting;
import dev.paas.core.image.DockerArchiveImage;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import dev.paas.core.image.ProvenBlobs;
import dev.paas.core.registry.RegistryImages;

/** Opens an image named in any of the four transports as one model: config and stored layers. */
public final class ImageOpener {
  private final RegistryImages registries;
  private final ProvenBlobs proven;

  public ImageOpener(RegistryImages registries) {
    this(registries, ProvenBlobs.none());
  }

  /** An opener whose local images remember their layers' proven digests in {@code proven}. */
  public ImageOpener(RegistryImages registries, ProvenBlobs proven) {
    this.registries = registries;
    this.proven = proven;
  }

  /**
   * Opens {@code reference}. For messages: {@code what} it is ("image"), {@code element} where it
   * was named (a {@link Setting} mark), and what to do offline when it was never pulled.
   */
  public ImageSource open(
      ImageReference reference, String what, String element, String offlineAdvice)
      throws PaasException {
    return switch (reference.transport()) {
      case REGISTRY ->
          registries.open(reference, registries.pin(reference, what, element, offlineAdvice));
      case DOCKER_ARCHIVE -> DockerArchiveImage.open(reference, proven);
      case OCI_ARCHIVE, OCI_DIR -> OciImage.open(reference, proven);
    };
  }
}
