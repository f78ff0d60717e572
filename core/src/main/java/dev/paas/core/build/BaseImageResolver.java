package dev.paas.core.build;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.DockerArchiveImage;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.RegistryImages;
import dev.paas.core.run.RunLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Pins the configured base image to a digest and prepares it for Jib: a registry image by digest, a
 * docker archive as it is, an OCI layout converted once to a docker archive.
 */
final class BaseImageResolver {
  /**
   * A base image pinned to the digest the build uses.
   *
   * @param jibImage what Jib builds on: a RegistryImage or a TarImage; null for an OCI layout,
   *     which {@link #forJib} first writes as a docker archive
   * @param layerCache Jib's base layer cache for it. Jib caches a local tar's layers by diff_id,
   *     keeping whichever compression it saw first; a cache per base digest keeps every layer's
   *     blob the one this base stores, so a registry base's layers keep their digests (and a push
   *     mounts them) whatever other bases this machine built on.
   */
  record ResolvedBase(
      ImageReference configured,
      String digest,
      Object jibImage,
      Path layerCache,
      List<String> cachedLayerDigests) {
    ResolvedBase(ImageReference configured, String digest, Object jibImage, Path layerCache) {
      this(configured, digest, jibImage, layerCache, List.of());
    }
  }

  private final CredentialSource credentials;
  private final boolean offline;
  private final Path cacheDirectory;
  private final Path jibCache;
  private final BuildLog log;
  private final RegistryImages images;

  /**
   * @param jibCache Jib's shared base layer cache
   * @param cacheDirectory this plugin's own cache (pins, converted and derived bases, blobs)
   */
  BaseImageResolver(
      CredentialSource credentials,
      boolean allowInsecure,
      boolean offline,
      Path jibCache,
      Path cacheDirectory,
      BuildLog log) {
    this.jibCache = jibCache;
    this.credentials = credentials;
    this.offline = offline;
    this.cacheDirectory = cacheDirectory;
    this.log = log;
    this.images = new RegistryImages(credentials, allowInsecure, offline, cacheDirectory);
  }

  ResolvedBase resolve(ImageReference base) throws PaasException {
    return switch (base.transport()) {
      case REGISTRY -> registry(base);
      case DOCKER_ARCHIVE -> dockerArchive(base);
      case OCI_ARCHIVE, OCI_DIR -> ociLayout(base);
    };
  }

  private ResolvedBase registry(ImageReference base) throws PaasException {
    var ref = base.registryReference();
    String digest;
    Optional<Credential> jibCredential = Optional.empty();
    if (!offline) {
      log.info("Resolving base image " + base);
    }
    digest =
        images.pin(
            base,
            "base image",
            "<baseImage>",
            "build once online, or use a local base "
                + "(oci-archive:, docker-archive:) in <baseImage>");
    if (offline) {
      log.info("Offline: using base image " + base + "@" + digest + " from the cache");
    } else {
      jibCredential =
          credentials
              .forRegistry(ref.getRegistry())
              .map(c -> Credential.from(c.username(), c.secret()));
    }
    RegistryImage image =
        RegistryImage.named(
            com.google.cloud.tools.jib.api.ImageReference.of(
                ref.getRegistry(), ref.getRepository(), null, digest));
    jibCredential.ifPresent(c -> image.addCredentialRetriever(() -> Optional.of(c)));
    return new ResolvedBase(base, digest, image, jibCache);
  }

  private ResolvedBase dockerArchive(ImageReference base) throws PaasException {
    try (DockerArchiveImage image = DockerArchiveImage.open(base)) {
      return new ResolvedBase(
          base, image.digest(), TarImage.at(base.path()), localCache(image.digest()));
    } catch (PaasException e) {
      throw new PaasException("<baseImage> " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PaasException("<baseImage> " + base + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Opens the resolved base's config and layers. A registry base's blobs are downloaded once into
   * the cache; offline, they must be there already.
   */
  ImageSource open(ResolvedBase base) throws PaasException {
    ImageReference configured = base.configured();
    return switch (configured.transport()) {
      case REGISTRY -> images.open(configured, base.digest());
      case DOCKER_ARCHIVE -> DockerArchiveImage.open(configured);
      case OCI_ARCHIVE, OCI_DIR -> OciImage.open(configured);
    };
  }

  /**
   * What Jib builds on when nothing runs on the base: a registry base as it is, a docker-archive
   * base as {@link #forTar} gives it.
   */
  ResolvedBase forJib(ResolvedBase base) throws PaasException {
    return base.configured().transport() == ImageReference.Transport.DOCKER_ARCHIVE
        ? forTar(base.configured(), base.digest(), base.configured().path())
        : base;
  }

  /**
   * What Jib builds on. A registry or docker-archive base with no run layers is used as {@link
   * #forJib(ResolvedBase)} gives it; otherwise (an OCI layout, which Jib cannot read, or run layers
   * on top) a docker archive of the base plus the layers, written once per content. The image is
   * still named after the base.
   */
  ResolvedBase forJib(ResolvedBase base, ImageSource source, List<RunLayer> layers)
      throws PaasException {
    if (layers.isEmpty() && base.jibImage() != null) {
      return forJib(base);
    }
    Path derived = cacheDirectory.resolve("derived");
    Path layerCache = localCache(base.digest());
    Optional<CachedLayersArchive> seeded =
        DerivedBase.seeded(source, layers, layerCache, derived, log);
    if (seeded.isPresent()) {
      return new ResolvedBase(
          base.configured(),
          base.digest(),
          TarImage.at(seeded.get().archive()),
          layerCache,
          seeded.get().cachedDigests());
    }
    Path archive = DerivedBase.of(source, layers, derived, log);
    return forTar(base.configured(), base.digest(), archive);
  }

  // Jib re-reads a tar base whole on every build; once its cache holds the layers, it gets the
  // archive without them.
  private ResolvedBase forTar(ImageReference configured, String digest, Path archive)
      throws PaasException {
    Path layerCache = localCache(digest);
    try {
      // Named after the content: the base's digest and the derived archive's (content-keyed) name.
      Path slim =
          cacheDirectory
              .resolve("derived")
              .resolve(
                  OciImage.sha256(
                              (digest + "\n" + archive.getFileName())
                                  .getBytes(StandardCharsets.UTF_8))
                          .substring(7)
                      + ".cached.tar");
      Files.createDirectories(slim.getParent());
      CachedLayersArchive chosen = CachedLayersArchive.choose(archive, layerCache, slim);
      if (!chosen.cachedDigests().isEmpty()) {
        log.debug(
            "Jib's cache holds every layer of " + archive + ": it reads " + slim + " instead");
      }
      return new ResolvedBase(
          configured, digest, TarImage.at(chosen.archive()), layerCache, chosen.cachedDigests());
    } catch (IOException e) {
      throw new PaasException(
          "Cannot read the docker archive " + archive + ": " + e.getMessage(), e);
    }
  }

  // Jib cannot read an OCI layout: forJib writes it as a docker archive.
  private ResolvedBase ociLayout(ImageReference base) throws PaasException {
    try (OciImage image = OciImage.open(base)) {
      String digest = image.manifestDigest();
      return new ResolvedBase(base, digest, null, localCache(digest));
    } catch (IOException e) {
      throw new PaasException("<baseImage> " + base + " cannot be read: " + e.getMessage(), e);
    }
  }

  private Path localCache(String digest) {
    return cacheDirectory.resolve("jib-local").resolve(digest.substring(digest.indexOf(':') + 1));
  }
}
