package dev.paas.core.check.vuln.inventory;

import dev.paas.core.check.layer.LayerScanner;
import dev.paas.core.check.secrets.ArchiveLimits;

/**
 * The files of a layer that hold installed packages: the OS package databases and the jars (wars,
 * ears) with the Java libraries in them.
 */
public final class PackageFiles implements LayerScanner.PackageFinder {
  private final JavaLibraries libraries;

  public PackageFiles(ArchiveLimits limits) {
    this.libraries = new JavaLibraries(limits);
  }

  @Override
  public boolean wants(String path) {
    return PackageDatabases.isDatabase(path) || JavaLibraries.isCandidate(path);
  }

  @Override
  public Found find(String path, byte[] content) {
    if (PackageDatabases.isDatabase(path)) {
      PackageDatabases.Read read = PackageDatabases.read(path, content);
      return new Found(read.packages(), read.problems());
    }
    JavaLibraries.Read read = libraries.identify(path, content);
    return new Found(read.libraries(), read.problems());
  }
}
