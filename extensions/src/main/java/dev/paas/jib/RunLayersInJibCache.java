package dev.paas.jib;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.cache.CacheCorruptedException;
import com.google.cloud.tools.jib.cache.CachedLayer;
import com.google.common.collect.ImmutableList;
import dev.paas.core.PaasException;
import dev.paas.core.run.RunLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Puts a run layer (an option's commands, {@code .paas/image-env.sh}) into Jib's plan byte for
 * byte. A build plan layer is a list of files, which cannot say "symlink", "whiteout of a deleted
 * file" or "sticky bit"; the layer the sandbox made says all of them. So the plan gets a layer
 * whose one entry names the cached layer file, and Jib's application layer cache is given that
 * layer's exact tar under that entry list, through Jib's own {@link Cache}: Jib then takes the
 * layer from its cache, as it does for any layer it built before, and the image carries the same
 * diff_id {@code paas:build} gives it.
 */
final class RunLayersInJibCache {
  private RunLayersInJibCache() {}

  /**
   * The plan layer for {@code layer}, after its bytes are in the cache at {@code applicationCache}.
   */
  static FileEntriesLayer add(RunLayer layer, Path applicationCache) throws PaasException {
    ImmutableList<FileEntry> entries =
        ImmutableList.of(
            new FileEntry(
                layer.file(),
                AbsoluteUnixPath.get(
                    "/.paas/run-layers/" + layer.diffId().substring(7) + ".tar.gz"),
                FilePermissions.fromOctalString("444"),
                Instant.EPOCH));
    try {
      Cache cache = Cache.withDirectory(applicationCache);
      Optional<CachedLayer> cached = cache.retrieve(entries);
      if (cached.isEmpty() || !cached.get().getDiffId().toString().equals(layer.diffId())) {
        cache.writeUncompressedLayer(
            Blobs.from(
                out -> {
                  try (InputStream in =
                      new GZIPInputStream(Files.newInputStream(layer.file()), 64 * 1024)) {
                    in.transferTo(out);
                  }
                },
                true),
            entries);
        cached = cache.retrieve(entries);
      }
      if (cached.isEmpty() || !cached.get().getDiffId().toString().equals(layer.diffId())) {
        throw new PaasException(
            "Jib's application layer cache "
                + applicationCache
                + " does not "
                + "give back the layer of "
                + layer.step()
                + " ("
                + layer.diffId()
                + ") it was just "
                + "given; delete that directory and build again");
      }
    } catch (IOException | CacheCorruptedException | CacheDirectoryCreationException e) {
      throw new PaasException(
          "Cannot put the layer of "
              + layer.step()
              + " into Jib's application "
              + "layer cache "
              + applicationCache
              + ": "
              + e.getMessage()
              + ". Delete that directory and build again",
          e);
    }
    return FileEntriesLayer.builder().setName(layer.createdBy()).setEntries(entries).build();
  }
}
