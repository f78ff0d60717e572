package dev.paas.core.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Reads rpm's SQLite database ({@code rpmdb.sqlite}, RHEL 9, Fedora 33+): every header blob of its
 * {@code Packages(hnum, blob)} table. The bytes are written to a temporary file, opened read-only,
 * and deleted afterwards.
 */
public final class RpmSqlite {

  /** The evidence written into each package. */
  public static final String EVIDENCE = "rpmdb-sqlite";

  /** Where rpm keeps the database, in either of the places distributions put it. */
  public static final List<String> PATHS =
      List.of("/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite");

  /** Reads the database at one of {@link #PATHS}. */
  public static final InventoryReader READER =
      InventoryReader.of(path -> PATHS.contains(ImagePaths.absolute(path)), RpmSqlite::read);

  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private static final int QUERY_TIMEOUT_SECONDS = 60;

  private RpmSqlite() {}

  /**
   * The packages of one database, without the {@code gpg-pubkey} pseudo packages.
   *
   * @param path the database's path in the image, written into each package and problem
   * @param content the file's bytes
   */
  public static PackageDatabases.Read read(String path, byte[] content) {
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (content.length < 100 || !startsWith(content, SQLITE_MAGIC)) {
      problems.add(
          unreadable(
              path,
              "it is not an SQLite database ("
                  + content.length
                  + " bytes without the SQLite header)"));
      return new PackageDatabases.Read(packages, problems);
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("paas-rpmdb-");
      Path file = dir.resolve("rpmdb.sqlite");
      byte[] copy = content.clone();
      // A WAL-mode database needs -wal and -shm files a read-only connection may not create; the
      // image holds no uncommitted -wal content we read, so the copy is opened in rollback mode.
      if (copy[18] == 2 && copy[19] == 2) {
        copy[18] = 1;
        copy[19] = 1;
      }
      Files.write(file, copy);
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      // Straight from the driver, not through DriverManager, which finds drivers through the
      // thread's context class loader: layers are read on worker threads, whose context loader
      // need not see a Maven plugin's class realm.
      try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
          Statement statement = connection.createStatement()) {
        // The file comes from an image: a crafted schema must not hold the check up for ever.
        statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        readRows(path, statement, packages, problems);
      }
    } catch (SQLException e) {
      problems.add(unreadable(path, String.valueOf(e.getMessage()).strip()));
    } catch (IOException | UncheckedIOException e) {
      problems.add(
          path
              + " could not be copied to a temporary file to be read ("
              + e.getMessage()
              + "); the image's rpm packages are not in the inventory: free space in java.io.tmpdir");
    } finally {
      deleteQuietly(dir);
    }
    return new PackageDatabases.Read(packages, problems);
  }

  private static void readRows(
      String path, Statement statement, List<InstalledPackage> packages, List<String> problems)
      throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT hnum, blob FROM Packages ORDER BY hnum")) {
      while (rows.next()) {
        long hnum = rows.getLong(1);
        byte[] blob = rows.getBytes(2);
        if (blob == null) {
          problems.add(
              path
                  + ": package record "
                  + hnum
                  + " has no header; that package is"
                  + " not in the inventory");
          continue;
        }
        try {
          RpmHeader.parse(blob).toPackage(path, EVIDENCE).ifPresent(packages::add);
        } catch (IllegalArgumentException e) {
          problems.add(
              path
                  + ": the rpm header of package record "
                  + hnum
                  + " is damaged: "
                  + e.getMessage()
                  + "; that package is not in the inventory");
        }
      }
    }
  }

  static String unreadable(String path, String what) {
    return path
        + " is not a readable rpm database: "
        + what
        + "; the image's rpm packages are not in the inventory";
  }

  private static boolean startsWith(byte[] content, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (content[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      dir.toFile().deleteOnExit();
    }
  }
}
