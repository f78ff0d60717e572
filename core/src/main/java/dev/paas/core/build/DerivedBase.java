package dev.paas.core.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import dev.paas.core.io.AtomicFile;
import dev.paas.core.run.RunLayer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The base image, with the sandboxed runs' layers on top if any, as a docker archive: the one local
 * format Jib builds on. Base layers are copied as stored, so a registry base keeps its blob digests
 * (a push mounts them rather than uploading them). Without run layers the config is kept byte for
 * byte; with them it gains their diff_ids and history.
 */
final class DerivedBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Days after which an archive no build used is deleted. */
  static final long UNUSED = 7;

  private DerivedBase() {}

  /** The archive for {@code base} plus {@code layers}, written once into {@code directory}. */
  static Path of(ImageSource base, List<RunLayer> layers, Path directory, BuildLog log)
      throws PaasException {
    StringBuilder key = new StringBuilder(base.digest());
    layers.forEach(l -> key.append('\n').append(l.diffId()));
    Path target =
        directory.resolve(
            OciImage.sha256(key.toString().getBytes(StandardCharsets.UTF_8)).substring(7) + ".tar");
    try {
      if (Files.isRegularFile(target)) {
        Files.setLastModifiedTime(target, FileTime.from(Instant.now())); // in use: kept
        return target;
      }
      log.info(
          "Writing the base image"
              + (layers.isEmpty() ? "" : " with its run layers")
              + " as a docker archive for Jib (once for this content)");
      write(base, layers, target);
      prune(directory, target);
      return target;
    } catch (IOException e) {
      throw new PaasException(
          "Cannot write the base image"
              + (layers.isEmpty() ? "" : " with its " + "run layers")
              + " as a docker archive for Jib to "
              + target
              + ": "
              + e.getMessage(),
          e);
    }
  }

  // Each new run layer or base makes a new archive as large as the base; those unused for a
  // week go.
  private static void prune(Path directory, Path keep) throws IOException {
    Instant cutoff = Instant.now().minus(UNUSED, ChronoUnit.DAYS);
    try (var archives = Files.newDirectoryStream(directory, "*.tar")) {
      for (Path archive : archives) {
        if (!archive.equals(keep)
            && Files.getLastModifiedTime(archive).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(archive);
        }
      }
    }
  }

  private static void write(ImageSource base, List<RunLayer> layers, Path target)
      throws IOException {
    List<ImageSource.StoredLayer> stored = base.storedLayers();
    boolean compressed = stored.isEmpty() || isGzipped(base);
    byte[] config = layers.isEmpty() ? base.configBytes() : config(base, layers);
    List<ArchiveLayer> entries = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      int index = i;
      entries.add(
          new ArchiveLayer(
              "base-" + i + (compressed ? ".tar.gz" : ".tar"),
              stored.get(i).size(),
              () -> base.openStoredLayer(index)));
    }
    // Jib decides from the first layer whether all are compressed: the run layers follow suit.
    for (int i = 0; i < layers.size(); i++) {
      RunLayer layer = layers.get(i);
      entries.add(
          new ArchiveLayer(
              "run-" + i + (compressed ? ".tar.gz" : ".tar"),
              compressed ? layer.compressedSize() : layer.size(),
              () ->
                  compressed
                      ? Files.newInputStream(layer.file())
                      : new GZIPInputStream(Files.newInputStream(layer.file()), 64 * 1024)));
    }
    writeArchive(target, config, entries);
  }

  /** A layer file of a docker archive: its name, its size and how to read it. */
  record ArchiveLayer(String name, long size, Opener content) {
    /** Opens the layer's bytes. */
    @FunctionalInterface
    interface Opener {
      InputStream open() throws IOException;
    }
  }

  /** Writes a docker archive, whole or not at all: the layers, the config, the manifest. */
  static void writeArchive(Path target, byte[] config, List<ArchiveLayer> layers)
      throws IOException {
    AtomicFile.write(
        target,
        out -> {
          TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
          tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
          tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
          for (ArchiveLayer layer : layers) {
            try (InputStream in = layer.content().open()) {
              put(tar, layer.name(), layer.size(), in);
            }
          }
          put(tar, "config.json", config.length, new ByteArrayInputStream(config));
          byte[] manifest =
              JSON.writeValueAsBytes(
                  List.of(
                      Map.of(
                          "Config",
                          "config.json",
                          "RepoTags",
                          List.of(),
                          "Layers",
                          layers.stream().map(ArchiveLayer::name).toList())));
          put(tar, "manifest.json", manifest.length, new ByteArrayInputStream(manifest));
          tar.finish();
        });
  }

  private static byte[] config(ImageSource base, List<RunLayer> layers) throws IOException {
    ObjectNode config = (ObjectNode) JSON.readTree(base.configBytes());
    ObjectNode rootfs = config.with("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.withArray("diff_ids");
    ArrayNode history = config.withArray("history");
    String created = config.path("created").asText("1970-01-01T00:00:00Z");
    for (RunLayer layer : layers) {
      diffIds.add(layer.diffId());
      history
          .addObject()
          .put("created", created)
          .put("created_by", layer.createdBy())
          .put("comment", "paas-maven-plugin");
    }
    return JSON.writeValueAsBytes(config);
  }

  private static boolean isGzipped(ImageSource base) throws IOException {
    try (InputStream in = new BufferedInputStream(base.openStoredLayer(0))) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static void put(TarArchiveOutputStream tar, String name, long size, InputStream in)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    tar.putArchiveEntry(entry);
    long copied = in.transferTo(tar);
    if (copied != size) {
      throw new IOException(name + " has " + copied + " bytes where " + size + " were expected");
    }
    tar.closeArchiveEntry();
  }
}
