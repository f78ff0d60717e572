package dev.paas.core.check.layer;

import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.inventory.InventoryReaders;
import dev.paas.core.inventory.PackageDatabases;
import java.util.List;

/**
 * The files of a layer that hold installed packages, as {@link InventoryReaders#all} reads them:
 * the OS package databases, the jars (wars, ears) with the Java libraries in them, and {@code
 * paas:build}'s record of libraries.
 */
public final class PackageFiles implements LayerScanner.PackageFinder {
  private final InventoryReaders readers;

  public PackageFiles(ArchiveLimits limits) {
    this.readers = InventoryReaders.all(limits);
  }

  @Override
  public boolean wants(String path) {
    return readers.wants(path);
  }

  @Override
  public Found find(String path, byte[] content) {
    PackageDatabases.Read read =
        readers
            .read(path, content)
            .orElseGet(() -> new PackageDatabases.Read(List.of(), List.of()));
    return new Found(read.packages(), read.problems());
  }
}
