package dev.paas.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.inventory.InstalledPackage.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpmSqliteTest {

  static final String DB = "/var/lib/rpm/rpmdb.sqlite";

  @TempDir Path dir;

  static InstalledPackage rpm(
      String name,
      String version,
      String source,
      String sourceVersion,
      String path,
      String evidence) {
    return new InstalledPackage(
        Kind.RPM, name, version, source, sourceVersion, "noarch", path, evidence);
  }

  static List<InstalledPackage> expected(String path, String evidence) {
    return List.of(
        rpm("multi-src-libs", "5.0-7.fc40", "multi-src", "5.0-7.fc40", path, evidence),
        rpm("multi-src", "5.0-7.fc40", "multi-src", "5.0-7.fc40", path, evidence),
        rpm("hello-tiny", "1.2.3-4.el9", "hello-tiny", "1.2.3-4.el9", path, evidence),
        rpm("epoch-tiny", "2:0.9-1", "epoch-tiny", "2:0.9-1", path, evidence));
  }

  @Test
  void readsTheDatabaseRpmWrote() {
    PackageDatabases.Read read = PackageDatabases.read(DB, Resources.bytes("/rpmdb/rpmdb.sqlite"));
    assertThat(read.problems()).isEmpty();
    assertThat(read.packages()).containsExactlyElementsOf(expected(DB, "rpmdb-sqlite"));
    String usr = "/usr/lib/sysimage/rpm/rpmdb.sqlite";
    assertThat(PackageDatabases.read(usr, Resources.bytes("/rpmdb/rpmdb.sqlite")).packages())
        .containsExactlyElementsOf(expected(usr, "rpmdb-sqlite"));
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = countTemporary(tmp);
    RpmSqlite.read(DB, Resources.bytes("/rpmdb/rpmdb.sqlite"));
    RpmSqlite.read(DB, "SQLite format 3\0 but nothing else of one".repeat(5).getBytes());
    assertThat(countTemporary(tmp)).isLessThanOrEqualTo(before);
  }

  private static long countTemporary(Path tmp) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith("paas-rpmdb-")).count();
    }
  }

  @Test
  void aDamagedHeaderCostsOnlyItsPackage() throws Exception {
    Path file = dir.resolve("rpmdb.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB)");
      }
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO Packages (hnum, blob) VALUES (?, ?)")) {
        byte[] hostile = RpmHeaderTest.header(2);
        ByteBuffer.wrap(hostile).putInt(0, 0x8000_0000);
        Object[][] rows = {
          {1, RpmHeaderTest.header(3)},
          {2, hostile},
          {3, new byte[] {1, 2, 3}},
          {4, null},
          {5, RpmHeaderTest.header(4)}
        };
        for (Object[] row : rows) {
          insert.setInt(1, (Integer) row[0]);
          insert.setBytes(2, (byte[]) row[1]);
          insert.execute();
        }
      }
    }
    PackageDatabases.Read read = RpmSqlite.read(DB, Files.readAllBytes(file));
    assertThat(read.packages())
        .extracting(InstalledPackage::name)
        .containsExactly("hello-tiny", "epoch-tiny");
    assertThat(read.problems())
        .containsExactly(
            DB
                + ": the rpm header of package record 2 is damaged: index count 2147483648 and data"
                + " size 640 need 34359739016 bytes, more than the 1288-byte header holds; that"
                + " package is not in the inventory",
            DB
                + ": the rpm header of package record 3 is damaged: it is 3 bytes, shorter than a"
                + " header's 8-byte preamble; that package is not in the inventory",
            DB + ": package record 4 has no header; that package is not in the inventory");
  }

  @Test
  void aDatabaseWithoutPackagesTableIsAProblem() throws Exception {
    Path file = dir.resolve("other.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE Other (x)");
    }
    PackageDatabases.Read read = RpmSqlite.read(DB, Files.readAllBytes(file));
    assertThat(read.packages()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith(DB + " is not a readable rpm database: ")
        .contains("no such table: Packages")
        .endsWith("; the image's rpm packages are not in the inventory");
  }

  @Test
  void randomAndTruncatedBytesAreProblems() {
    byte[] real = Resources.bytes("/rpmdb/rpmdb.sqlite");
    byte[] noise = new byte[8192];
    new Random(7).nextBytes(noise);
    for (byte[] bytes :
        List.of(
            noise,
            new byte[0],
            Arrays.copyOf(real, 50),
            Arrays.copyOf(real, 4096),
            Arrays.copyOf(real, real.length / 2))) {
      PackageDatabases.Read read = PackageDatabases.read(DB, bytes);
      assertThat(read.problems())
          .as("%d bytes", bytes.length)
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p).startsWith(DB));
    }
    assertThat(PackageDatabases.read(DB, noise).problems())
        .containsExactly(
            DB
                + " is not a readable rpm database: it is not an SQLite database (8192 bytes without the"
                + " SQLite header); the image's rpm packages are not in the inventory");
  }
}
