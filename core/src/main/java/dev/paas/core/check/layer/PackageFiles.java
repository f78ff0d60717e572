package dev.paas.core.check.layer;

import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.inventory.BuildRecord;
import dev.paas.core.inventory.JavaLibraries;
import dev.paas.core.inventory.PackageDatabases;

/**
 * The files of a layer that hold installed packages: the OS package databases, the jars (wars,
 * ears) with the Java libraries in them, and {@code paas:build}'s {@link BuildRecord}.
 */
public final class PackageFiles implements LayerScanner.PackageFinder {
  private final JavaLibraries libraries;

  public PackageFiles(ArchiveLimits limits) {
    this.libraries = new JavaLibraries(limits);
  }

  @Override
  public boolean wants(String path) {
    return PackageDatabases.isDatabase(path) || JavaLibraries.isCandidate(path)
        || BuildRecord.isRecord(path);
  }

  @Override
  public Found find(String path, byte[] content) {
    if (BuildRecord.isRecord(path)) {
      PackageDatabases.Read read = BuildRecord.read(path, content);
      return new Found(read.packages(), read.problems());
    }
    if (PackageDatabases.isDatabase(path)) {
      PackageDatabases.Read read = PackageDatabases.read(path, content);
      return new Found(read.packages(), read.problems());
    }
    JavaLibraries.Read read = libraries.identify(path, content);
    return new Found(read.libraries(), read.problems());
  }
}
