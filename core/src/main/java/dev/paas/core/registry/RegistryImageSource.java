package dev.paas.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.image.DiffIds;
import dev.paas.core.image.ImageSource;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image in a registry, pinned by digest, whose blobs are downloaded once into a local blob store
 * ({@code blobs/sha256/<hex>}) and read from there, also offline.
 */
public final class RegistryImageSource implements ImageSource {
  private final Optional<RegistryClient> client;
  private final String repository;
  private final String digest;
  private final Path blobStore;
  private final byte[] manifest;
  private final byte[] config;
  private final List<String> layerDigests = new ArrayList<>();
  private final List<StoredLayer> layers = new ArrayList<>();

  /**
   * @param client the registry, or empty offline: then every blob must be in the store already
   * @param digest the image manifest's digest (a platform's, not an index's)
   */
  public RegistryImageSource(
      Optional<RegistryClient> client, String repository, String digest, Path blobStore)
      throws PaasException {
    this.client = client;
    this.repository = repository;
    this.digest = digest;
    this.blobStore = blobStore;
    try {
      this.manifest = manifest();
      JsonNode json = new ObjectMapper().readTree(manifest);
      this.config =
          Files.readAllBytes(
              blob(
                  json.path("config").path("digest").asText(),
                  json.path("config").path("size").asLong(-1)));
      JsonNode layerNodes = json.path("layers");
      List<String> diffIds =
          DiffIds.of(
              new ObjectMapper().readTree(config), layerNodes.size(), repository + "@" + digest);
      for (int i = 0; i < layerNodes.size(); i++) {
        JsonNode layer = layerNodes.get(i);
        layerDigests.add(layer.path("digest").asText());
        layers.add(
            new StoredLayer(
                diffIds.get(i), layer.path("size").asLong(-1), layer.path("digest").asText()));
      }
    } catch (IOException e) {
      throw new PaasException(
          "The manifest or config of "
              + repository
              + "@"
              + digest
              + " cannot be read: "
              + e.getMessage(),
          e);
    }
  }

  // Manifests are not blobs in every registry: fetched from /manifests/, then kept in the store.
  private byte[] manifest() throws PaasException, IOException {
    Path file = blobStore.resolve("sha256").resolve(digest.substring(7));
    if (!Files.isRegularFile(file)) {
      if (client.isEmpty()) {
        throw new PaasException(
            "Offline (-o), and the image "
                + repository
                + "@"
                + digest
                + " was never downloaded on this machine: run once online");
      }
      RegistryClient.Manifest fetched =
          client
              .get()
              .manifest(repository, digest)
              .orElseThrow(
                  () ->
                      new PaasException(
                          client.get().registry()
                              + "/"
                              + repository
                              + "@"
                              + digest
                              + " no longer exists"));
      if (!fetched.digest().equals(digest)) {
        throw new PaasException(
            client.get().registry()
                + " sent "
                + fetched.digest()
                + " for "
                + repository
                + "@"
                + digest
                + ": the download was damaged; build again");
      }
      AtomicFile.write(file, out -> out.write(fetched.bytes()));
    }
    return Files.readAllBytes(file);
  }

  // A blob of the store, downloaded first if the store does not have it: never more bytes than
  // the manifest (pinned by its digest) says it has.
  private Path blob(String blobDigest, long size) throws PaasException {
    if (!blobDigest.matches("sha256:[0-9a-f]{64}") || size < 0) {
      throw new PaasException(
          repository
              + "@"
              + digest
              + " names a malformed blob '"
              + blobDigest
              + "' of size "
              + size);
    }
    Path file = blobStore.resolve("sha256").resolve(blobDigest.substring(7));
    if (Files.isRegularFile(file)) {
      return file;
    }
    if (client.isEmpty()) {
      throw new PaasException(
          "Offline (-o), and blob "
              + blobDigest
              + " of the image "
              + repository
              + "@"
              + digest
              + " was never downloaded on this machine: run once online");
    }
    try {
      client.get().downloadBlob(repository, blobDigest, size, file);
    } catch (RegistryException e) {
      throw new PaasException(
          "Cannot download blob "
              + blobDigest
              + " of the image "
              + repository
              + "@"
              + digest
              + ": "
              + e.getMessage()
              + ". Check that the registry is up, "
              + "then run again: blobs already downloaded are kept",
          e);
    }
    return file;
  }

  @Override
  public String digest() {
    return digest;
  }

  @Override
  public byte[] configBytes() {
    return config.clone();
  }

  @Override
  public List<StoredLayer> storedLayers() {
    return List.copyOf(layers);
  }

  @Override
  public InputStream openStoredLayer(int index) throws IOException {
    try {
      return Files.newInputStream(blob(layerDigests.get(index), layers.get(index).size()));
    } catch (PaasException e) {
      // The registry's own message says what failed and what to do; it is the one to show.
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A blob of the store, downloaded first if need be, was checked as it was downloaded. */
  @Override
  public Optional<Path> storedLayerFile(int index) throws IOException {
    try {
      return Optional.of(blob(layerDigests.get(index), layers.get(index).size()));
    } catch (PaasException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A blob of the store was checked against its digest when it was downloaded: no read needed. */
  @Override
  public String storedLayerDigest(int index) throws IOException {
    openStoredLayer(index).close();
    return layerDigests.get(index);
  }

  @Override
  public void close() {}
}
