package dev.paas.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.io.LimitedInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * One image in an OCI image layout, either a directory ({@code oci:DIR}) or a tar of one
 * ({@code oci-archive:PATH}): its manifest bytes, config and layer blobs.
 *
 * <p>The manifest is kept as the exact bytes of the layout, so that its digest, and the digest a
 * registry computes after a push, are the same.
 */
public final class OciImage implements ImageSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_JSON_BYTES = 4L * 1024 * 1024;

  /** A content-addressed blob named by a manifest. */
  public record Descriptor(String mediaType, String digest, long size) {}

  private final String source;
  private final BlobStore blobs;
  private final byte[] manifestBytes;
  private final String manifestDigest;
  private final String manifestMediaType;
  private final Descriptor config;
  private final List<Descriptor> layers;
  private final byte[] configBytes;

  private OciImage(String source, BlobStore blobs) throws PaasException, IOException {
    this.source = source;
    this.blobs = blobs;
    JsonNode index = readJson(blobs.open("index.json"), "index.json");
    JsonNode manifests = index.path("manifests");
    if (!manifests.isArray() || manifests.isEmpty()) {
      throw invalid("index.json lists no manifest");
    }
    JsonNode entry = manifests.get(0);
    String digest = entry.path("digest").asText();
    byte[] manifest = readBlob(digest);
    JsonNode manifestJson = JSON.readTree(manifest);
    if (manifestJson.has("manifests")) {
      // A nested index: the image for the platform containers run on here.
      digest = Platform.selectFrom(manifestJson).orElseThrow(() -> invalid("its index has no "
          + Platform.OS + "/" + Platform.ARCHITECTURE + " image"));
      manifest = readBlob(digest);
      manifestJson = JSON.readTree(manifest);
    }
    this.manifestBytes = manifest;
    this.manifestDigest = digest;
    this.manifestMediaType = manifestJson.path("mediaType").asText(
        "application/vnd.oci.image.manifest.v1+json");
    this.config = descriptor(manifestJson.path("config"));
    List<Descriptor> layerList = new ArrayList<>();
    for (JsonNode layer : manifestJson.path("layers")) {
      layerList.add(descriptor(layer));
    }
    this.layers = List.copyOf(layerList);
    this.configBytes = readBlob(config.digest());
  }

  /** Opens the image of an {@code oci-archive:} or {@code oci:} reference. */
  public static OciImage open(ImageReference reference) throws PaasException {
    if (reference.transport() != ImageReference.Transport.OCI_ARCHIVE
        && reference.transport() != ImageReference.Transport.OCI_DIR) {
      throw new PaasException(reference + " is not an OCI layout or archive");
    }
    Path path = reference.path();
    BlobStore blobs = null;
    try {
      blobs = reference.transport() == ImageReference.Transport.OCI_ARCHIVE
          ? BlobStore.tar(path) : BlobStore.directory(path);
      return new OciImage(reference.toString(), blobs);
    } catch (NoSuchFileException e) {
      closeQuietly(blobs);
      throw new PaasException(reference + ": no such file or directory " + e.getFile());
    } catch (IOException e) {
      closeQuietly(blobs);
      throw new PaasException(reference + " cannot be read as an OCI image layout: " + e.getMessage()
          + ". Check that it was written by skopeo, umoci, podman or paas:build.", e);
    } catch (PaasException | RuntimeException e) {
      closeQuietly(blobs);
      throw e;
    }
  }

  /** Closes what an open that failed had opened; that failure is the one to report. */
  static void closeQuietly(AutoCloseable opened) {
    if (opened != null) {
      try {
        opened.close();
      } catch (Exception ignored) {
        // The open already failed; that failure is the one to report.
      }
    }
  }

  public String manifestDigest() {
    return manifestDigest;
  }

  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  public String manifestMediaType() {
    return manifestMediaType;
  }

  public Descriptor config() {
    return config;
  }

  @Override
  public byte[] configBytes() {
    return configBytes.clone();
  }

  public JsonNode configJson() {
    try {
      return JSON.readTree(configBytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Descriptor> layers() {
    return layers;
  }

  /** The uncompressed digests of the layers, from the config's {@code rootfs.diff_ids}. */
  public List<String> diffIds() {
    List<String> ids = new ArrayList<>();
    configJson().path("rootfs").path("diff_ids").forEach(n -> ids.add(n.asText()));
    return List.copyOf(ids);
  }

  @Override
  public String digest() {
    return manifestDigest;
  }

  @Override
  public List<StoredLayer> storedLayers() {
    List<String> diffIds = diffIds();
    List<StoredLayer> stored = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      stored.add(new StoredLayer(i < diffIds.size() ? diffIds.get(i) : "", layers.get(i).size(),
          layers.get(i).digest()));
    }
    return stored;
  }

  @Override
  public InputStream openStoredLayer(int index) throws IOException {
    return openBlob(layers.get(index).digest());
  }

  /** Opens a blob of this image by digest. */
  public InputStream openBlob(String digest) throws IOException {
    return blobs.open(blobPath(digest));
  }

  @Override
  public void close() throws IOException {
    blobs.close();
  }

  private byte[] readBlob(String digest) throws PaasException, IOException {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw invalid("unsupported or malformed digest '" + digest + "'");
    }
    byte[] bytes = LimitedInput.readAll(blobs.open(blobPath(digest)), MAX_JSON_BYTES, blobPath(digest));
    if (!digest.equals(sha256(bytes))) {
      throw invalid("blob " + digest + " does not match its digest");
    }
    return bytes;
  }

  private JsonNode readJson(InputStream in, String name) throws IOException {
    return JSON.readTree(LimitedInput.readAll(in, MAX_JSON_BYTES, name));
  }

  private Descriptor descriptor(JsonNode node) throws PaasException {
    String digest = node.path("digest").asText();
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw invalid("manifest names a malformed digest '" + digest + "'");
    }
    return new Descriptor(node.path("mediaType").asText(), digest, node.path("size").asLong());
  }

  private PaasException invalid(String what) {
    return new PaasException(source + " is not a valid OCI image: " + what);
  }

  private static String blobPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  /** The sha256 digest of a file's content, as {@code sha256:<hex>}, read as a stream. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  /** The sha256 digest of what is left of a stream, as {@code sha256:<hex>}; it is not closed. */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      digest.update(buffer, 0, n);
    }
    return formatted(digest);
  }

  /** The sha256 digest of bytes, as {@code sha256:<hex>}. */
  public static String sha256(byte[] bytes) {
    MessageDigest digest = newSha256();
    digest.update(bytes);
    return formatted(digest);
  }

  /** A new SHA-256 digest, for content read in pieces. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  /** A finished SHA-256 digest as {@code sha256:<hex>}. */
  public static String formatted(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }


  /**
   * An entry's bytes on a channel of its own, so that several entries (layers checked in
   * parallel) can be read at once; TarFile's own streams share one channel.
   */
  static InputStream entryStream(Path file, TarFile tar, TarArchiveEntry entry) throws IOException {
    if (entry.isFile() && !entry.isSparse()) {
      return dev.paas.core.io.FileRange.open(file, entry.getDataOffset(), entry.getSize());
    }
    return tar.getInputStream(entry);
  }

  /** Read access to the files of a layout, by their path inside it. */
  private interface BlobStore extends AutoCloseable {
    InputStream open(String name) throws IOException;

    @Override
    void close() throws IOException;

    static BlobStore directory(Path dir) throws IOException {
      if (!Files.isDirectory(dir)) {
        throw new NoSuchFileException(dir.toString());
      }
      return new BlobStore() {
        @Override
        public InputStream open(String name) throws IOException {
          return Files.newInputStream(dir.resolve(name));
        }

        @Override
        public void close() {}
      };
    }

    static BlobStore tar(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString());
      }
      TarFile tar = new TarFile(file);
      Map<String, TarArchiveEntry> entries = new HashMap<>();
      Set<String> seen = new HashSet<>();
      for (TarArchiveEntry entry : tar.getEntries()) {
        String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (entry.isFile() && seen.add(name)) {
          entries.put(name, entry);
        }
      }
      return new BlobStore() {
        @Override
        public InputStream open(String name) throws IOException {
          TarArchiveEntry entry = entries.get(name);
          if (entry == null) {
            throw new NoSuchFileException(file + "!" + name);
          }
          return entryStream(file, tar, entry);
        }

        @Override
        public void close() throws IOException {
          tar.close();
        }
      };
    }
  }
}
