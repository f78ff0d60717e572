package dev.paas.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.PrintableText;
import dev.paas.core.io.FileRange;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * One image in an OCI image layout, either a directory ({@code oci:DIR}) or a tar of one ({@code
 * oci-archive:PATH}): its manifest bytes, config and layer blobs.
 *
 * <p>The manifest is kept as the exact bytes of the layout, so that its digest, and the digest a
 * registry computes after a push, are the same.
 */
public final class OciImage implements ImageSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_JSON_BYTES = 4L * 1024 * 1024;

  /** How many image indexes are followed from index.json before a manifest must be reached. */
  static final int MAX_INDEX_DEPTH = 4;

  /** A content-addressed blob named by a manifest. */
  public record Descriptor(String mediaType, String digest, long size) {}

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final String source;
  private final LayoutBlobs blobs;
  private final byte[] manifestBytes;
  private final String manifestDigest;
  private final String manifestMediaType;
  private final Descriptor config;
  private final List<Descriptor> layers;
  private final byte[] configBytes;
  private final List<String> diffIds;
  private final StoredDigestProofs proofs = new StoredDigestProofs(this::proveStoredLayer);

  private OciImage(String source, LayoutStore store, ProvenBlobs proven)
      throws PaasException, IOException {
    this.source = source;
    this.blobs = new LayoutBlobs(store, source, MAX_JSON_BYTES, proven);
    JsonNode index =
        JSON.readTree(LimitedInput.readAll(store.open("index.json"), MAX_JSON_BYTES, "index.json"));
    JsonNode manifests = index.path("manifests");
    if (!manifests.isArray() || manifests.isEmpty()) {
      throw invalid("index.json lists no manifest");
    }
    Manifest manifest = manifest(manifests.get(0));
    JsonNode manifestJson = manifest.json();
    this.manifestBytes = manifest.bytes();
    this.manifestDigest = manifest.digest();
    this.manifestMediaType =
        manifestJson.path("mediaType").asText("application/vnd.oci.image.manifest.v1+json");
    if (!manifestJson.path("config").isObject()) {
      throw invalid(
          "its manifest "
              + manifestDigest
              + " names no config (it is "
              + found(manifestJson)
              + "): an image manifest names a config and its layers");
    }
    this.config = descriptor(manifestJson.path("config"), "config");
    List<Descriptor> layerList = new ArrayList<>();
    JsonNode layerNodes = manifestJson.path("layers");
    for (int i = 0; i < layerNodes.size(); i++) {
      layerList.add(descriptor(layerNodes.get(i), "layer " + (i + 1) + " of " + layerNodes.size()));
    }
    this.layers = List.copyOf(layerList);
    this.configBytes = blobs.readJson(config, "config", "the manifest");
    this.diffIds = DiffIds.of(configJson(), layers.size(), source);
    for (int i = 0; i < layers.size(); i++) {
      blobs.present(layers.get(i), layerRole(i));
    }
  }

  /** A manifest and its bytes, as found by following index.json. */
  private record Manifest(String digest, byte[] bytes, JsonNode json) {}

  // index.json -> (index ->)* manifest: nested indexes are followed to the platform's image, a
  // bounded number of times, so that a cycle or a deep chain ends with a message.
  private Manifest manifest(JsonNode entry) throws PaasException, IOException {
    String namedBy = "index.json";
    List<String> chain = new ArrayList<>();
    for (int depth = 0; ; depth++) {
      Descriptor descriptor = descriptor(entry, "manifest");
      String role = depth == 0 ? "manifest" : "manifest named by the index " + chain.get(depth - 1);
      byte[] bytes = blobs.readJson(descriptor, role, namedBy);
      JsonNode json = JSON.readTree(bytes);
      if (!json.has("manifests")) {
        return new Manifest(descriptor.digest(), bytes, json);
      }
      chain.add(descriptor.digest());
      if (chain.size() > MAX_INDEX_DEPTH) {
        throw invalid(
            "index.json leads through "
                + chain.size()
                + " nested image indexes ("
                + String.join(" -> ", chain)
                + ") without reaching an image manifest; at most "
                + MAX_INDEX_DEPTH
                + " are followed. Copy the image for one platform, e.g. skopeo copy "
                + "--override-arch amd64 ... oci-archive:PATH");
      }
      String digest =
          Platform.selectFrom(json)
              .orElseThrow(
                  () ->
                      invalid(
                          "its index has no "
                              + Platform.OS
                              + "/"
                              + Platform.ARCHITECTURE
                              + " image"));
      entry = null;
      for (JsonNode candidate : json.path("manifests")) {
        if (digest.equals(candidate.path("digest").asText())) {
          entry = candidate;
          break;
        }
      }
      namedBy = "the index " + descriptor.digest();
    }
  }

  // What a document that should have been a manifest is, for messages.
  private static String found(JsonNode json) {
    if (json.has("manifests")) {
      return "an image index";
    }
    String mediaType = json.path("mediaType").asText("");
    if (json.path("schemaVersion").asInt() == 1) {
      return "a Docker schema 1 manifest, which this plugin does not read";
    }
    return mediaType.isEmpty()
        ? "a document without a mediaType"
        : "a document of type " + PrintableText.of(mediaType, 200);
  }

  private static String layerRole(int index, int count) {
    return "layer " + (index + 1) + " of " + count;
  }

  private String layerRole(int index) {
    return layerRole(index, layers.size());
  }

  /** Opens the image of an {@code oci-archive:} or {@code oci:} reference. */
  public static OciImage open(ImageReference reference) throws PaasException {
    return open(reference, ProvenBlobs.none());
  }

  /**
   * Opens the image of an {@code oci-archive:} or {@code oci:} reference; its layers' digests are
   * remembered in, and taken from, {@code proven}.
   */
  public static OciImage open(ImageReference reference, ProvenBlobs proven) throws PaasException {
    if (reference.transport() != ImageReference.Transport.OCI_ARCHIVE
        && reference.transport() != ImageReference.Transport.OCI_DIR) {
      throw new PaasException(reference + " is not an OCI layout or archive");
    }
    Path path = reference.path();
    LayoutStore blobs = null;
    try {
      blobs =
          reference.transport() == ImageReference.Transport.OCI_ARCHIVE
              ? LayoutStore.tar(path)
              : LayoutStore.directory(path);
      return new OciImage(reference.toString(), blobs, proven);
    } catch (NoSuchFileException e) {
      closeQuietly(blobs);
      throw new PaasException(reference + ": no such file or directory " + e.getFile());
    } catch (IOException e) {
      closeQuietly(blobs);
      throw new PaasException(
          reference
              + " cannot be read as an OCI image layout: "
              + e.getMessage()
              + ". Check that it was written by skopeo, umoci, podman or paas:build.",
          e);
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

  /**
   * The uncompressed digests of the layers, from the config's {@code rootfs.diff_ids}: one per
   * layer of the manifest, as checked when the image was opened.
   */
  public List<String> diffIds() {
    return diffIds;
  }

  @Override
  public String digest() {
    return manifestDigest;
  }

  @Override
  public List<StoredLayer> storedLayers() {
    List<StoredLayer> stored = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      stored.add(new StoredLayer(diffIds.get(i), layers.get(i).size(), layers.get(i).digest()));
    }
    return stored;
  }

  /**
   * Opens layer {@code index} as stored, read within its declared size and proven against the
   * manifest's digest at its end (or when closed): a forged layer is a {@link
   * BlobMismatchException} naming it.
   */
  @Override
  public InputStream openStoredLayer(int index) throws IOException {
    return blobs.verifiedLayer(layers.get(index), layerRole(index), "its manifest");
  }

  @Override
  public String storedLayerDigest(int index) throws IOException {
    return proofs.digest(index);
  }

  @Override
  public void proveStoredLayerAhead(int index) {
    proofs.startAhead(index);
  }

  private String proveStoredLayer(int index) throws IOException {
    return blobs.prove(layers.get(index), layerRole(index), "its manifest");
  }

  /** Opens a blob of this image by digest, proven against it as it is read. */
  public InputStream openBlob(String digest) throws IOException {
    if (!DIGEST.matcher(digest).matches()) {
      throw new IOException(source + ": malformed digest '" + PrintableText.of(digest) + "'");
    }
    return blobs.verified(new Descriptor("", digest, -1), "blob " + digest, "its name");
  }

  @Override
  public void close() throws IOException {
    proofs.close();
    blobs.close();
  }

  private Descriptor descriptor(JsonNode node, String role) throws PaasException {
    String digest = node.path("digest").asText();
    if (!DIGEST.matcher(digest).matches()) {
      throw invalid(
          (node.isMissingNode() || digest.isEmpty()
                  ? "it names no " + role + " digest"
                  : "it names a malformed digest '"
                      + PrintableText.of(digest)
                      + "' for its "
                      + role)
              + "; only sha256 digests are read");
    }
    JsonNode size = node.path("size");
    return new Descriptor(
        node.path("mediaType").asText(),
        digest,
        size.canConvertToLong() && size.asLong() >= 0 ? size.asLong() : -1);
  }

  private PaasException invalid(String what) {
    return LayoutBlobs.invalid(source, what);
  }

  static String blobPath(String digest) {
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

  /** Where a tar entry's bytes are in {@code file}, if they are stored there as they are. */
  static Optional<ProvenBlobs.Range> entryRange(Path file, TarArchiveEntry entry) {
    return entry.isFile() && !entry.isSparse()
        ? Optional.of(new ProvenBlobs.Range(file, entry.getDataOffset(), entry.getSize()))
        : Optional.empty();
  }

  /**
   * An entry's bytes on a channel of its own, so that several entries (layers checked in parallel)
   * can be read at once; TarFile's own streams share one channel.
   */
  static InputStream entryStream(Path file, TarFile tar, TarArchiveEntry entry) throws IOException {
    if (entry.isFile() && !entry.isSparse()) {
      return FileRange.open(file, entry.getDataOffset(), entry.getSize());
    }
    return tar.getInputStream(entry);
  }
}
