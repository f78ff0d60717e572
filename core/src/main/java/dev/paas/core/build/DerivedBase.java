package dev.paas.core.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.cache.CacheCorruptedException;
import com.google.cloud.tools.jib.cache.CachedLayer;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /**
   * Jib's layer cache for {@code base} ({@code layerCache}), given every layer of {@code base} and
   * {@code layers} that it lacks, and the archive without layer bytes that names them (written once
   * into {@code directory}): Jib takes each layer from its cache, so the base is never written out
   * whole and never extracted by Jib. The image Jib builds is the one {@link #of} would give it:
   * the same config, the same blobs. Empty when a layer of the base is not gzip-compressed (Jib
   * would compress it itself): then {@link #of} writes the whole archive.
   */
  static Optional<CachedLayersArchive> seeded(
      ImageSource base, List<RunLayer> layers, Path layerCache, Path directory, BuildLog log)
      throws PaasException {
    Path slim = directory.resolve(key(base, layers) + ".cached.tar");
    try {
      Cache cache = Cache.withDirectory(layerCache);
      List<ImageSource.StoredLayer> stored = base.storedLayers();
      List<String> digests = new ArrayList<>();
      boolean said = false;
      fetchAhead(base, stored, cache);
      for (int i = 0; i < stored.size() + layers.size(); i++) {
        boolean run = i >= stored.size();
        DescriptorDigest diffId =
            DescriptorDigest.fromDigest(
                run ? layers.get(i - stored.size()).diffId() : stored.get(i).diffId());
        Optional<CachedLayer> cached = cache.retrieveTarLayer(diffId);
        if (cached.isEmpty()) {
          if (!said) {
            log.info("Putting the base image's layers into Jib's cache (once for this base)");
            said = true;
          }
          RunLayer runLayer = run ? layers.get(i - stored.size()) : null;
          Optional<Path> file = run ? Optional.of(runLayer.file()) : base.storedLayerFile(i);
          if (file.isPresent() && isGzipped(file.get())) {
            linkIntoJibCache(
                file.get(), layerCache, diffId, run ? runLayer.digest() : stored.get(i).digest());
            cached = cache.retrieveTarLayer(diffId);
          }
        }
        if (cached.isEmpty()) {
          try (InputStream in =
              new BufferedInputStream(
                  run
                      ? Files.newInputStream(layers.get(i - stored.size()).file())
                      : base.openStoredLayer(i),
                  64 * 1024)) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (!gzip) {
              return Optional.empty();
            }
            cache.writeTarLayer(diffId, Blobs.from(in));
          }
          cached = cache.retrieveTarLayer(diffId);
        }
        if (cached.isEmpty()) {
          throw new IOException("Jib's cache does not give back layer " + diffId);
        }
        digests.add(cached.get().getDigest().toString());
      }
      if (Files.isRegularFile(slim)) {
        Files.setLastModifiedTime(slim, FileTime.from(Instant.now())); // in use: kept
      } else {
        List<ArchiveLayer> empty = new ArrayList<>();
        for (int i = 0; i < stored.size() + layers.size(); i++) {
          String name = i < stored.size() ? "base-" + i : "run-" + (i - stored.size());
          empty.add(
              new ArchiveLayer(name + ".tar.gz", 0, () -> new ByteArrayInputStream(new byte[0])));
        }
        byte[] config = layers.isEmpty() ? base.configBytes() : config(base, layers);
        writeArchive(slim, config, empty);
        prune(directory, slim);
      }
      return Optional.of(new CachedLayersArchive(slim, digests));
    } catch (IOException
        | CacheCorruptedException
        | CacheDirectoryCreationException
        | DigestException e) {
      throw new PaasException(
          "Cannot put the base image's layers into Jib's cache "
              + layerCache
              + ": "
              + e.getMessage()
              + ". If the base image is damaged, pull it again; else delete that directory and"
              + " build again",
          e);
    }
  }

  // A registry base's missing layers download side by side, each checked as it arrives; the loop
  // then finds them in the store. A failure here is left for the loop to meet and report.
  private static void fetchAhead(
      ImageSource base, List<ImageSource.StoredLayer> stored, Cache cache) {
    List<Thread> fetches = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < stored.size(); i++) {
      int index = i;
      try {
        if (stored.size() < 2
            || !seen.add(String.valueOf(stored.get(i).digest()))
            || cache
                .retrieveTarLayer(DescriptorDigest.fromDigest(stored.get(i).diffId()))
                .isPresent()) {
          continue;
        }
      } catch (IOException | CacheCorruptedException | DigestException e) {
        continue;
      }
      Thread fetch =
          new Thread(
              () -> {
                try {
                  base.storedLayerFile(index);
                } catch (IOException | RuntimeException e) {
                  // met again, and reported, by the caller
                }
              },
              "paas-fetch-layer-" + i);
      fetch.setDaemon(true);
      fetch.start();
      fetches.add(fetch);
    }
    for (Thread fetch : fetches) {
      try {
        fetch.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A proven blob goes into Jib's cache as a hard link where Jib keeps a local tar's layer ({@code
   * local/<diff_id>/<digest>}, the layout {@link CachedLayersArchive} reads too): no byte is
   * copied. Where a link cannot be made (another file system), the caller copies through Jib's
   * cache.
   */
  private static void linkIntoJibCache(
      Path blob, Path layerCache, DescriptorDigest diffId, String digest) {
    if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
      return;
    }
    try {
      Path directory =
          Files.createDirectories(layerCache.resolve("local").resolve(diffId.getHash()));
      Path temporary = Files.createTempFile(directory, ".link-", ".tmp");
      Files.delete(temporary);
      Files.createLink(temporary, blob);
      try {
        Files.move(
            temporary, directory.resolve(digest.substring(7)), StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // copied instead
    }
  }

  private static boolean isGzipped(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static String key(ImageSource base, List<RunLayer> layers) {
    StringBuilder key = new StringBuilder(base.digest());
    layers.forEach(l -> key.append('\n').append(l.diffId()));
    return OciImage.sha256(key.toString().getBytes(StandardCharsets.UTF_8)).substring(7);
  }

  /** The archive for {@code base} plus {@code layers}, written once into {@code directory}. */
  static Path of(ImageSource base, List<RunLayer> layers, Path directory, BuildLog log)
      throws PaasException {
    Path target = directory.resolve(key(base, layers) + ".tar");
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
