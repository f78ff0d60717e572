package dev.paas.core.inventory;

import java.util.List;

/**
 * Recognises the OS package databases in an image's file system and reads the packages they list:
 * dpkg's {@code status} (and distroless {@code status.d/} files), apk's {@code installed}, and
 * rpm's SQLite and BerkeleyDB {@code Packages} databases.
 */
public final class PackageDatabases {

  private static final String DPKG_STATUS = "/var/lib/dpkg/status";
  private static final String DPKG_STATUS_D = "/var/lib/dpkg/status.d/";
  private static final String APK_INSTALLED = "/lib/apk/db/installed";
  private static final List<String> RPM_SQLITE =
      List.of("/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite");
  private static final List<String> RPM_BDB =
      List.of("/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages");

  private PackageDatabases() {}

  /**
   * What one database lists.
   *
   * @param packages every package that could be read, in the database's order
   * @param problems what could not be read, each a sentence naming the database and what is wrong
   */
  public record Read(List<InstalledPackage> packages, List<String> problems) {

    public Read {
      packages = List.copyOf(packages);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Whether the file at {@code path} (absolute in the image) is a package database this class
   * reads: {@code /var/lib/dpkg/status}, a file directly in {@code /var/lib/dpkg/status.d/} other
   * than a {@code .md5sums} list, {@code /lib/apk/db/installed}, or an rpm database
   * ({@code rpmdb.sqlite} or {@code Packages} under {@code /var/lib/rpm/} or
   * {@code /usr/lib/sysimage/rpm/}).
   */
  public static boolean isDatabase(String path) {
    String p = normalize(path);
    return p.equals(DPKG_STATUS) || isDpkgStatusD(p) || p.equals(APK_INSTALLED)
        || RPM_SQLITE.contains(p) || RPM_BDB.contains(p);
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
    try {
      return readFormat(path, content);
    } catch (RuntimeException e) {
      // A parser bug must not cost the rest of the image's inventory.
      return new Read(List.of(), List.of(path + " could not be read as a package database ("
          + e + "); its packages are not in the inventory: report this as a bug"));
    }
  }

  private static Read readFormat(String path, byte[] content) {
    String p = normalize(path);
    if (p.equals(DPKG_STATUS) || isDpkgStatusD(p)) {
      return DpkgStatus.read(p, content);
    }
    if (p.equals(APK_INSTALLED)) {
      return ApkInstalled.read(p, content);
    }
    if (RPM_SQLITE.contains(p)) {
      return RpmSqlite.read(p, content);
    }
    if (RPM_BDB.contains(p)) {
      return RpmBerkeleyDb.read(p, content);
    }
    return new Read(List.of(), List.of(path + " is not a package database this check reads;"
        + " only dpkg, apk and rpm databases at their usual paths are read"));
  }

  private static boolean isDpkgStatusD(String p) {
    if (!p.startsWith(DPKG_STATUS_D)) {
      return false;
    }
    String name = p.substring(DPKG_STATUS_D.length());
    return !name.isEmpty() && name.indexOf('/') < 0 && !name.endsWith(".md5sums");
  }

  private static String normalize(String path) {
    String p = path;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p.startsWith("/") ? p : "/" + p;
  }
}
