package dev.paas.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.io.AtomicFile;
import dev.paas.core.io.LimitedInput;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A docker archive as Jib is given it. Jib extracts a tar base whole on every build, for every
 * environment, even when its layer cache already holds every layer (it then reads only the
 * manifest and config). Once that cache holds them all, Jib gets a copy of the archive whose layer
 * files are empty: the same manifest and config, a few KiB instead of the base's size.
 *
 * @param archive the archive to give Jib
 * @param cachedDigests the digests of the cached layers Jib will use, base first; empty when
 *     {@code archive} is the full one
 */
record CachedLayersArchive(Path archive, List<String> cachedDigests) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_METADATA = 16L << 20;

  /**
   * The archive for Jib: the layer-less copy (written once, as {@code slim}) when
   * {@code layerCache}, Jib's cache for this base, holds every layer; else {@code archive}.
   */
  static CachedLayersArchive choose(Path archive, Path layerCache, Path slim) throws IOException {
    Map<String, byte[]> metadata = new HashMap<>();
    List<String> layerNames = new ArrayList<>();
    // The layer-less copy, once written, has the same manifest and config in a few KiB.
    Path metadataSource = Files.isRegularFile(slim) ? slim : archive;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new BufferedInputStream(Files.newInputStream(metadataSource), 64 * 1024))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        if (entry.getName().equals("manifest.json") || entry.getName().endsWith(".json")) {
          metadata.put(entry.getName(), LimitedInput.readAll(new NonClosing(tar), MAX_METADATA, entry.getName()));
        }
      }
    }
    byte[] manifestBytes = metadata.get("manifest.json");
    if (manifestBytes == null) {
      return new CachedLayersArchive(archive, List.of());
    }
    JsonNode manifest = JSON.readTree(manifestBytes).path(0);
    byte[] config = metadata.get(manifest.path("Config").asText());
    if (config == null) {
      return new CachedLayersArchive(archive, List.of());
    }
    manifest.path("Layers").forEach(n -> layerNames.add(n.asText()));
    JsonNode diffIds = JSON.readTree(config).path("rootfs").path("diff_ids");
    if (diffIds.size() != layerNames.size() || layerNames.isEmpty()) {
      return new CachedLayersArchive(archive, List.of());
    }
    List<String> digests = new ArrayList<>();
    for (JsonNode diffId : diffIds) {
      String cached = cachedDigest(layerCache, diffId.asText());
      if (cached == null) {
        return new CachedLayersArchive(archive, List.of());
      }
      digests.add(cached);
    }
    if (Files.isRegularFile(slim)) {
      Files.setLastModifiedTime(slim, FileTime.from(Instant.now()));
    } else {
      AtomicFile.write(slim, out -> {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (String name : layerNames) {
          put(tar, name, new byte[0]);
        }
        put(tar, manifest.path("Config").asText(), config);
        put(tar, "manifest.json", manifestBytes);
        tar.finish();
      });
    }
    return new CachedLayersArchive(slim, digests);
  }

  // Jib keeps a local tar's layer under local/<diff_id hex>/<digest hex>.
  private static String cachedDigest(Path layerCache, String diffId) throws IOException {
    if (!diffId.startsWith("sha256:")) {
      return null;
    }
    Path directory = layerCache.resolve("local").resolve(diffId.substring(7));
    if (!Files.isDirectory(directory)) {
      return null;
    }
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> layers = files.filter(Files::isRegularFile).toList();
      if (layers.size() != 1 || Files.size(layers.get(0)) == 0
          || !layers.get(0).getFileName().toString().matches("[0-9a-f]{64}")) {
        return null;
      }
      return "sha256:" + layers.get(0).getFileName();
    }
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    new ByteArrayInputStream(bytes).transferTo(tar);
    tar.closeArchiveEntry();
  }

  /** Reads one tar entry without closing the archive. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
