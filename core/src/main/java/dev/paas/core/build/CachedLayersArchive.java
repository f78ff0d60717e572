package dev.paas.core.build;

import dev.paas.core.PaasException;
import dev.paas.core.image.DockerArchiveImage;
import dev.paas.core.image.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A docker archive as Jib is given it. Jib extracts a tar base whole on every build, for every
 * environment, even when its layer cache already holds every layer (it then reads only the manifest
 * and config). Once that cache holds them all, Jib gets a copy of the archive whose layer files are
 * empty: the same names and config, a few KiB instead of the base's size.
 *
 * @param archive the archive to give Jib
 * @param cachedDigests the digests of the cached layers Jib will use, base first; empty when {@code
 *     archive} is the full one
 */
record CachedLayersArchive(Path archive, List<String> cachedDigests) {

  /**
   * The archive for Jib: the layer-less copy (written once, as {@code slim}) when {@code
   * layerCache}, Jib's cache for this base, holds every layer; else {@code archive}, also when it
   * cannot be read as a docker archive (Jib then says what is wrong with it).
   */
  static CachedLayersArchive choose(Path archive, Path layerCache, Path slim) throws IOException {
    CachedLayersArchive full = new CachedLayersArchive(archive, List.of());
    byte[] config;
    List<ImageSource.StoredLayer> layers;
    List<String> names;
    // The layer-less copy, once written, has the same config in a few KiB.
    Path metadataSource = Files.isRegularFile(slim) ? slim : archive;
    try (DockerArchiveImage image =
        DockerArchiveImage.open(metadataSource, metadataSource.toString())) {
      config = image.configBytes();
      layers = image.storedLayers();
      names = image.layerNames();
    } catch (PaasException e) {
      return full;
    }
    if (layers.isEmpty()) {
      return full;
    }
    List<String> digests = new ArrayList<>();
    for (ImageSource.StoredLayer layer : layers) {
      String cached = cachedDigest(layerCache, layer.diffId());
      if (cached == null) {
        return full;
      }
      digests.add(cached);
    }
    if (Files.isRegularFile(slim)) {
      Files.setLastModifiedTime(slim, FileTime.from(Instant.now()));
    } else {
      List<DerivedBase.ArchiveLayer> empty = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        empty.add(
            new DerivedBase.ArchiveLayer(
                names.get(i), 0, () -> new ByteArrayInputStream(new byte[0])));
      }
      DerivedBase.writeArchive(slim, config, empty);
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
      if (layers.size() != 1
          || Files.size(layers.get(0)) == 0
          || !layers.get(0).getFileName().toString().matches("[0-9a-f]{64}")) {
        return null;
      }
      return "sha256:" + layers.get(0).getFileName();
    }
  }
}
