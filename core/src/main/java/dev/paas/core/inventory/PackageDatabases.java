package dev.paas.core.inventory;

import java.util.List;

/**
 * The OS package databases read in an image's file system: dpkg's {@code status} (and distroless
 * {@code status.d/} files), apk's {@code installed}, and rpm's SQLite and BerkeleyDB {@code
 * Packages} databases, each format one {@link InventoryReader}.
 */
public final class PackageDatabases {

  /** The OS package managers' databases: a new package manager's format is added here. */
  public static final InventoryReaders READERS =
      new InventoryReaders(
          List.of(DpkgStatus.READER, ApkInstalled.READER, RpmSqlite.READER, RpmBerkeleyDb.READER));

  private PackageDatabases() {}

  /**
   * What one file lists.
   *
   * @param packages every package that could be read, in the file's order
   * @param problems what could not be read, each a sentence naming the file and what is wrong
   */
  public record Read(List<InstalledPackage> packages, List<String> problems) {

    public Read {
      packages = List.copyOf(packages);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Whether the file at {@code path} (absolute in the image) is a package database read here:
   * {@code /var/lib/dpkg/status}, a file directly in {@code /var/lib/dpkg/status.d/} other than a
   * {@code .md5sums} list, {@code /lib/apk/db/installed}, or an rpm database ({@code rpmdb.sqlite}
   * or {@code Packages} under {@code /var/lib/rpm/} or {@code /usr/lib/sysimage/rpm/}).
   */
  public static boolean isDatabase(String path) {
    return READERS.wants(path);
  }

  /**
   * Reads the database at {@code path} from its bytes. Never throws on bad data: what cannot be
   * read becomes a problem sentence, and every package that could be read is kept.
   *
   * @param path the database's absolute path in the image; it decides the format and is written
   *     into each package and problem
   * @param content the file's bytes
   * @return the packages and problems; a path that is not a database gives a single problem
   */
  public static Read read(String path, byte[] content) {
    return READERS
        .read(path, content)
        .orElseGet(
            () ->
                new Read(
                    List.of(),
                    List.of(
                        path
                            + " is not a package database this check reads; only dpkg, apk and rpm databases at"
                            + " their usual paths are read")));
  }
}
