package dev.paas.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.io.AtomicFile;
import dev.paas.core.image.DockerArchiveImage;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import dev.paas.core.registry.RegistryImageSource;
import dev.paas.core.run.RunLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Pins the configured base image to a digest and prepares it for Jib: a registry image by
 * digest, a docker archive as it is, an OCI layout converted once to a docker archive.
 */
final class BaseImageResolver {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A base image pinned to the digest the build uses.
   *
   * @param jibImage what Jib builds on: a RegistryImage or a TarImage
   * @param layerCache Jib's base layer cache for it. Jib caches a local tar's layers by diff_id,
   *     keeping whichever compression it saw first; a cache per base digest keeps every layer's
   *     blob the one this base stores, so a registry base's layers keep their digests (and a
   *     push mounts them) whatever other bases this machine built on.
   */
  record ResolvedBase(ImageReference configured, String digest, Object jibImage, Path layerCache) {}

  private final CredentialSource credentials;
  private final boolean allowInsecure;
  private final boolean offline;
  private final Path cacheDirectory;
  private final Path jibCache;
  private final BuildLog log;

  /**
   * @param jibCache Jib's shared base layer cache
   * @param cacheDirectory this plugin's own cache (pins, converted and derived bases, blobs)
   */
  BaseImageResolver(CredentialSource credentials, boolean allowInsecure, boolean offline,
      Path jibCache, Path cacheDirectory, BuildLog log) {
    this.jibCache = jibCache;
    this.credentials = credentials;
    this.allowInsecure = allowInsecure;
    this.offline = offline;
    this.cacheDirectory = cacheDirectory;
    this.log = log;
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
    String reference = ref.getDigest().orElse(ref.getTag().orElse("latest"));
    Path pinned = cacheDirectory.resolve("pinned").resolve(
        OciImage.sha256(base.toString().getBytes(StandardCharsets.UTF_8)).substring(7));
    String digest;
    Optional<com.google.cloud.tools.jib.api.Credential> jibCredential = Optional.empty();
    if (offline) {
      digest = readPinned(pinned).orElseThrow(() -> new PaasException("Offline (-o) and the base "
          + "image " + base + " has never been pulled on this machine: build once online, or use "
          + "a local base (oci-archive:, docker-archive:) in <baseImage>"));
      log.info("Offline: using base image " + base + "@" + digest + " from the cache");
    } else {
      var credential = credentials.forRegistry(ref.getRegistry());
      RegistryClient client = new RegistryClient(ref.getRegistry(), credential, allowInsecure);
      log.info("Resolving base image " + base);
      RegistryClient.Manifest manifest = client.manifest(ref.getRepository(), reference)
          .orElseThrow(() -> notFound(base));
      digest = platformDigest(manifest, base);
      writePinned(pinned, digest);
      jibCredential = credential.map(c ->
          com.google.cloud.tools.jib.api.Credential.from(c.username(), c.secret()));
    }
    RegistryImage image = RegistryImage.named(com.google.cloud.tools.jib.api.ImageReference.of(
        ref.getRegistry(), ref.getRepository(), null, digest));
    jibCredential.ifPresent(c -> image.addCredentialRetriever(() -> Optional.of(c)));
    return new ResolvedBase(base, digest, image, jibCache);
  }

  private static RegistryException notFound(ImageReference base) {
    return new RegistryException(RegistryException.Reason.NOT_FOUND, "Base image " + base
        + " was not found (404): check <baseImage> (registry, repository and tag) and that the "
        + "image has been pushed there");
  }

  // An index names one manifest per platform; the containers here run linux/amd64.
  private static String platformDigest(RegistryClient.Manifest manifest, ImageReference base)
      throws PaasException {
    try {
      JsonNode json = manifest.json();
      if (!json.has("manifests")) {
        return manifest.digest();
      }
      var selected = dev.paas.core.image.Platform.selectFrom(json);
      if (selected.isPresent()) {
        return selected.get();
      }
      throw new PaasException("Base image " + base + " is an index without a linux/amd64 image");
    } catch (IOException e) {
      throw new PaasException("Base image " + base + " has a malformed manifest: " + e.getMessage());
    }
  }

  private ResolvedBase dockerArchive(ImageReference base) throws PaasException {
    try (DockerArchiveImage image = DockerArchiveImage.open(base)) {
      return new ResolvedBase(base, image.digest(), TarImage.at(base.path()), localCache(image.digest()));
    } catch (PaasException e) {
      throw new PaasException("<baseImage> " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PaasException("<baseImage> " + base + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Opens the resolved base's config and layers. A registry base's blobs are downloaded once
   * into the cache; offline, they must be there already.
   */
  ImageSource open(ResolvedBase base) throws PaasException {
    ImageReference configured = base.configured();
    return switch (configured.transport()) {
      case REGISTRY -> {
        var ref = configured.registryReference();
        Optional<RegistryClient> client = offline ? Optional.empty() : Optional.of(new RegistryClient(
            ref.getRegistry(), credentials.forRegistry(ref.getRegistry()), allowInsecure));
        yield new RegistryImageSource(client, ref.getRepository(), base.digest(),
            cacheDirectory.resolve("blobs"));
      }
      case DOCKER_ARCHIVE -> DockerArchiveImage.open(configured);
      case OCI_ARCHIVE, OCI_DIR -> OciImage.open(configured);
    };
  }

  /** The base with the sandboxed runs' layers on top, for Jib to build on; named as before. */
  ResolvedBase withRunLayers(ResolvedBase base, ImageSource source, List<RunLayer> layers)
      throws PaasException {
    if (layers.isEmpty()) {
      return base;
    }
    Path archive = DerivedBase.of(source, layers, cacheDirectory.resolve("derived"));
    return new ResolvedBase(base.configured(), base.digest(), TarImage.at(archive), localCache(base.digest()));
  }

  private ResolvedBase ociLayout(ImageReference base) throws PaasException {
    try (OciImage image = OciImage.open(base)) {
      String digest = image.manifestDigest();
      Path converted = cacheDirectory.resolve("docker-archives").resolve(digest.substring(7) + ".tar");
      if (!Files.isRegularFile(converted)) {
        log.info("Converting " + base + " to a docker archive for Jib (once per base digest)");
        writeDockerArchive(image, converted);
      }
      return new ResolvedBase(base, digest, TarImage.at(converted), localCache(digest));
    } catch (IOException e) {
      throw new PaasException("<baseImage> " + base + " cannot be converted: " + e.getMessage(), e);
    }
  }

  // Jib reads local bases in the 'docker save' format: manifest.json, config, layer files.
  private static void writeDockerArchive(OciImage image, Path target) throws IOException {
    AtomicFile.write(target, out -> {
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        String configName = image.config().digest().substring(7) + ".json";
        List<String> layerNames = new ArrayList<>();
        for (OciImage.Descriptor layer : image.layers()) {
          String name = layer.digest().substring(7) + ".tar.gz";
          layerNames.add(name);
          try (InputStream in = image.openBlob(layer.digest())) {
            putEntry(tar, name, layer.size(), in);
          }
        }
        byte[] config = image.configBytes();
        putEntry(tar, configName, config.length, new java.io.ByteArrayInputStream(config));
        byte[] manifest = JSON.writeValueAsBytes(List.of(
            Map.of("Config", configName, "RepoTags", List.of(), "Layers", layerNames)));
        putEntry(tar, "manifest.json", manifest.length, new java.io.ByteArrayInputStream(manifest));
      }
    });
  }

  private static void putEntry(TarArchiveOutputStream tar, String name, long size, InputStream in)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    tar.putArchiveEntry(entry);
    in.transferTo(tar);
    tar.closeArchiveEntry();
  }

  private Path localCache(String digest) {
    return cacheDirectory.resolve("jib-local").resolve(digest.substring(digest.indexOf(':') + 1));
  }

  private static Optional<String> readPinned(Path file) {
    try {
      return Optional.of(Files.readString(file).strip()).filter(s -> s.startsWith("sha256:"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writePinned(Path file, String digest) {
    try {
      AtomicFile.write(file, out -> out.write(digest.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      // Only offline builds need the pin; an online build goes on without it.
    }
  }
}
