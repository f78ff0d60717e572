package dev.paas.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.io.LimitedInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** The image in a {@code docker save} archive ({@code docker-archive:PATH}). */
public final class DockerArchiveImage implements ImageSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_JSON_BYTES = 4L * 1024 * 1024;

  private final Path path;
  private final TarFile tar;
  private final byte[] config;
  private final List<TarArchiveEntry> layers;
  private final List<String> diffIds;

  private DockerArchiveImage(Path path, TarFile tar, byte[] config, List<TarArchiveEntry> layers,
      List<String> diffIds) {
    this.path = path;
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
   * Opens a docker archive.
   *
   * @param reference how errors name it
   */
  public static DockerArchiveImage open(Path path, String reference) throws PaasException {
    if (!Files.isRegularFile(path)) {
      throw new PaasException(reference + ": file " + path.toAbsolutePath() + " does not exist; "
          + "write it with 'skopeo copy ... docker-archive:" + path + "'");
    }
    TarFile tar = null;
    try {
      tar = new TarFile(path);
      Map<String, TarArchiveEntry> entries = new HashMap<>();
      for (TarArchiveEntry e : tar.getEntries()) {
        entries.putIfAbsent(e.getName().startsWith("./") ? e.getName().substring(2) : e.getName(), e);
      }
      TarArchiveEntry manifestEntry = entries.get("manifest.json");
      if (manifestEntry == null) {
        throw new PaasException(reference + " is not a docker archive: it has no manifest.json "
            + "(an OCI archive is written as oci-archive:" + path + ")");
      }
      JsonNode manifest = JSON.readTree(LimitedInput.readAll(tar.getInputStream(manifestEntry),
          MAX_JSON_BYTES, "manifest.json"));
      TarArchiveEntry configEntry = entries.get(manifest.path(0).path("Config").asText());
      if (configEntry == null) {
        throw new PaasException(reference + ": manifest.json names no config file");
      }
      byte[] config = LimitedInput.readAll(tar.getInputStream(configEntry), MAX_JSON_BYTES, "config");
      List<TarArchiveEntry> layers = new ArrayList<>();
      for (JsonNode layer : manifest.path(0).path("Layers")) {
        TarArchiveEntry entry = entries.get(layer.asText());
        if (entry == null) {
          throw new PaasException(reference + ": manifest.json names the layer " + layer.asText()
              + ", which the archive does not hold");
        }
        layers.add(entry);
      }
      List<String> diffIds = new ArrayList<>();
      JSON.readTree(config).path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
      if (diffIds.size() != layers.size()) {
        throw new PaasException(reference + ": its config lists " + diffIds.size()
            + " layers and its manifest.json " + layers.size());
      }
      return new DockerArchiveImage(path, tar, config, layers, diffIds);
    } catch (IOException e) {
      OciImage.closeQuietly(tar);
      throw new PaasException(reference + " cannot be read as a docker archive: " + e.getMessage(), e);
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

  @Override
  public InputStream openStoredLayer(int index) throws IOException {
    return OciImage.entryStream(path, tar, layers.get(index));
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
