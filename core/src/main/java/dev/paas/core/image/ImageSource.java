package dev.paas.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image's config and layers, whatever holds them: a registry, an OCI layout or archive, a docker
 * archive. Layers are read as they are stored, compressed or not.
 */
public interface ImageSource extends AutoCloseable {
  /**
   * A layer as stored: its uncompressed digest, its stored size, and the digest of the stored bytes
   * where the source names it (a manifest's layer digest), else empty. A digest given here is
   * proven by the source: as the layer is read (a local layout or archive) or when it was stored (a
   * registry's blob, checked as it was downloaded).
   */
  record StoredLayer(String diffId, long size, String digest) {}

  /** The digest that identifies the image (the manifest's; a docker archive's config's). */
  String digest();

  /** The exact bytes of the image's config. */
  byte[] configBytes();

  /**
   * The config's {@code Env}, in order, as name and value; an entry without {@code =} is left out.
   */
  default Map<String, String> environment() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode entry : new ObjectMapper().readTree(configBytes()).path("config").path("Env")) {
      String text = entry.asText();
      int eq = text.indexOf('=');
      if (eq > 0) {
        env.put(text.substring(0, eq), text.substring(eq + 1));
      }
    }
    return env;
  }

  /** The layers, lowest first. */
  List<StoredLayer> storedLayers() throws IOException;

  /**
   * Opens layer {@code index} as stored. Where the image names the stored bytes (an OCI manifest's
   * digest, a docker archive's diff_id for a plain tar), they are proven as they are read: bytes
   * that differ, or run past the declared size, are a {@link BlobMismatchException} at the end of
   * the stream or when it is closed.
   */
  InputStream openStoredLayer(int index) throws IOException;

  /**
   * The digest of layer {@code index}'s stored bytes, proven on this machine: read and hashed once
   * (a mismatch with the digest the image names is a {@link BlobMismatchException}), or known
   * without reading where the bytes were proven when they arrived (a registry's blobs are checked
   * as they are downloaded).
   */
  default String storedLayerDigest(int index) throws IOException {
    try (InputStream in = openStoredLayer(index)) {
      return OciImage.sha256(in);
    }
  }

  /**
   * Layer {@code index}'s stored bytes as a whole file of their own, proven against their digest
   * when it was written (a registry's blob, checked as it was downloaded), for a caller that can
   * use the file without reading it (a hard link); empty where the layer is part of a larger file
   * or not yet proven.
   */
  default Optional<Path> storedLayerFile(int index) throws IOException {
    return Optional.empty();
  }

  /**
   * Starts proving layer {@code index}'s stored digest ahead of time, on threads of the image's
   * own, so that a later {@link #storedLayerDigest} finds it proven (or finds the forgery). An
   * image whose digests cost nothing to prove (a registry's) ignores it.
   */
  default void proveStoredLayerAhead(int index) {}

  @Override
  void close() throws IOException;
}
