package dev.paas.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.PrintableText;
import dev.paas.core.io.LimitedInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** The image in a {@code docker save} archive ({@code docker-archive:PATH}). */
public final class DockerArchiveImage implements ImageSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_JSON_BYTES = 4L * 1024 * 1024;

  private final Path path;
  private final String reference;
  private final TarFile tar;
  private final byte[] config;
  private final List<TarArchiveEntry> layers;
  private final List<String> diffIds;
  private final List<Boolean> plainTar;
  private final StoredDigestProofs proofs = new StoredDigestProofs(this::proveStoredLayer);

  private final ProvenBlobs proven;

  private DockerArchiveImage(
      Path path,
      String reference,
      TarFile tar,
      byte[] config,
      List<TarArchiveEntry> layers,
      List<String> diffIds,
      List<Boolean> plainTar,
      ProvenBlobs proven) {
    this.proven = proven;
    this.path = path;
    this.reference = reference;
    this.plainTar = plainTar;
    this.tar = tar;
    this.config = config;
    this.layers = layers;
    this.diffIds = diffIds;
  }

  /** Opens the archive of a {@code docker-archive:} reference. */
  public static DockerArchiveImage open(ImageReference reference) throws PaasException {
    return open(reference.path(), reference.toString());
  }

  /**
   * Opens the archive of a {@code docker-archive:} reference, its layers' digests remembered in
   * {@code proven}.
   */
  public static DockerArchiveImage open(ImageReference reference, ProvenBlobs proven)
      throws PaasException {
    return open(reference.path(), reference.toString(), proven);
  }

  /**
   * Opens a docker archive.
   *
   * @param reference how errors name it
   */
  public static DockerArchiveImage open(Path path, String reference) throws PaasException {
    return open(path, reference, ProvenBlobs.none());
  }

  private static DockerArchiveImage open(Path path, String reference, ProvenBlobs proven)
      throws PaasException {
    if (!Files.isRegularFile(path)) {
      throw new PaasException(
          reference
              + ": file "
              + path.toAbsolutePath()
              + " does not exist; "
              + "write it with 'skopeo copy ... docker-archive:"
              + path
              + "'");
    }
    TarFile tar = null;
    try {
      tar = new TarFile(path);
      Map<String, TarArchiveEntry> entries = new HashMap<>();
      for (TarArchiveEntry e : tar.getEntries()) {
        entries.putIfAbsent(LayoutStore.entryName(e), e);
      }
      TarArchiveEntry manifestEntry = entries.get("manifest.json");
      if (manifestEntry == null) {
        throw new PaasException(
            reference
                + " is not a docker archive: it has no manifest.json "
                + "(an OCI archive is written as oci-archive:"
                + path
                + ")");
      }
      JsonNode manifest =
          JSON.readTree(
              LimitedInput.readAll(
                  tar.getInputStream(plain(manifestEntry, reference, "manifest.json")),
                  MAX_JSON_BYTES,
                  "manifest.json"));
      String configName = manifest.path(0).path("Config").asText();
      TarArchiveEntry configEntry = entries.get(configName);
      if (configEntry == null) {
        throw new PaasException(
            reference
                + ": manifest.json names "
                + (configName.isEmpty()
                    ? "no config file"
                    : "the config "
                        + PrintableText.of(configName)
                        + ", which the archive does not hold")
                + "; write the archive again, whole");
      }
      byte[] config =
          LimitedInput.readAll(
              tar.getInputStream(plain(configEntry, reference, "config")),
              MAX_JSON_BYTES,
              "config");
      List<TarArchiveEntry> layers = new ArrayList<>();
      JsonNode names = manifest.path(0).path("Layers");
      for (int i = 0; i < names.size(); i++) {
        String role = "layer " + (i + 1) + " of " + names.size();
        TarArchiveEntry entry = entries.get(names.get(i).asText());
        if (entry == null) {
          throw new PaasException(
              reference
                  + ": manifest.json names "
                  + role
                  + " "
                  + PrintableText.of(names.get(i).asText())
                  + ", which the archive does not hold; "
                  + "write the archive again, whole");
        }
        layers.add(plain(entry, reference, role));
      }
      List<String> diffIds = DiffIds.of(JSON.readTree(config), layers.size(), reference);
      List<Boolean> plainTar = new ArrayList<>();
      for (TarArchiveEntry layer : layers) {
        plainTar.add(!isGzip(path, tar, layer));
      }
      return new DockerArchiveImage(
          path, reference, tar, config, layers, diffIds, plainTar, proven);
    } catch (IOException e) {
      OciImage.closeQuietly(tar);
      throw new PaasException(
          reference + " cannot be read as a docker archive: " + e.getMessage(), e);
    } catch (PaasException | RuntimeException e) {
      OciImage.closeQuietly(tar);
      throw e;
    }
  }

  /** A docker archive has no manifest digest; its image id (config digest) identifies it. */
  @Override
  public String digest() {
    return OciImage.sha256(config);
  }

  @Override
  public byte[] configBytes() {
    return config.clone();
  }

  @Override
  public List<StoredLayer> storedLayers() {
    List<StoredLayer> stored = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      stored.add(new StoredLayer(diffIds.get(i), layers.get(i).getSize(), ""));
    }
    return stored;
  }

  /** The layers' file names in the archive, lowest first, as its manifest.json lists them. */
  public List<String> layerNames() {
    return layers.stream().map(TarArchiveEntry::getName).toList();
  }

  /**
   * Opens layer {@code index} as stored. A plain tar is named by its diff_id and proven against it
   * as it is read; a compressed one (as Jib writes) is named by nothing in the archive: its diff_id
   * is proven where it is inflated.
   */
  @Override
  public InputStream openStoredLayer(int index) throws IOException {
    // Watched before it is opened: the file's identity is taken before its bytes are read.
    ProvenBlobs.Watch watch =
        OciImage.entryRange(path, layers.get(index)).map(proven::watch).orElse(null);
    VerifiedBlobInput in =
        new VerifiedBlobInput(
            OciImage.entryStream(path, tar, layers.get(index)),
            expectedDigest(index),
            layers.get(index).getSize(),
            "layer " + (index + 1) + " of " + layers.size() + " of " + reference,
            "its config's diff_id");
    return watch == null ? in : in.watchedBy(watch);
  }

  // A plain tar is named by its diff_id; a compressed one by nothing in the archive.
  private String expectedDigest(int index) {
    return plainTar.get(index) ? diffIds.get(index) : "";
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
    String expected = expectedDigest(index);
    var range = OciImage.entryRange(path, layers.get(index));
    var known =
        range
            .flatMap(proven::known)
            .filter(digest -> expected.isEmpty() || digest.equals(expected))
            .or(
                () ->
                    expected.isEmpty()
                        ? Optional.empty()
                        : range.flatMap(r -> proven.provenCopy(r, expected)));
    if (known.isPresent()) {
      return known.get();
    }
    try (VerifiedBlobInput in = (VerifiedBlobInput) openStoredLayer(index)) {
      return in.drain();
    }
  }

  // The tar's own structure is trusted no further than its plain files: a link or device
  // standing for a blob is refused.
  private static TarArchiveEntry plain(TarArchiveEntry entry, String reference, String role)
      throws PaasException {
    if (!LayoutStore.isPlain(entry)) {
      throw new PaasException(
          reference
              + ": its "
              + role
              + " ("
              + PrintableText.of(entry.getName())
              + ") is not a plain file in the archive but a tar entry of type '"
              + PrintableText.of(String.valueOf((char) entry.getLinkFlag()))
              + "'; refused");
    }
    return entry;
  }

  private static boolean isGzip(Path path, TarFile tar, TarArchiveEntry layer) throws IOException {
    try (InputStream in = OciImage.entryStream(path, tar, layer)) {
      byte[] magic = in.readNBytes(2);
      return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }
  }

  @Override
  public void close() throws IOException {
    proofs.close();
    tar.close();
  }
}
