package dev.paas.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpmBerkeleyDbTest {

  static final String DB = "/var/lib/rpm/Packages";

  static PackageDatabases.Read read(byte[] bytes) {
    return PackageDatabases.read(DB, bytes);
  }

  static List<InstalledPackage> expected() {
    return RpmSqliteTest.expected(DB, "rpmdb-bdb");
  }

  @Test
  void readsHashDatabasesOfEveryPageSizeAndByteOrder() {
    for (String file : List.of("Packages", "Packages-512", "Packages-512-be", "Packages-8192")) {
      PackageDatabases.Read read = read(Resources.bytes("/rpmdb/" + file));
      assertThat(read.problems()).as(file).isEmpty();
      assertThat(read.packages()).as(file).containsExactlyInAnyOrderElementsOf(expected());
    }
    String usr = "/usr/lib/sysimage/rpm/Packages";
    assertThat(PackageDatabases.read(usr, Resources.bytes("/rpmdb/Packages")).packages())
        .containsExactlyInAnyOrderElementsOf(RpmSqliteTest.expected(usr, "rpmdb-bdb"));
  }

  @Test
  void aBtreeIsAProblem() {
    assertThat(read(Resources.bytes("/rpmdb/Packages-btree")))
        .isEqualTo(
            new PackageDatabases.Read(
                List.of(),
                List.of(
                    DB
                        + " is not a readable rpm database: it is"
                        + " a BerkeleyDB btree database, not the hash database rpm writes; the image's rpm"
                        + " packages are not in the inventory")));
  }

  @Test
  void randomBytesShortFilesAndBadMetadataAreProblems() {
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    assertThat(read(noise).problems())
        .singleElement()
        .asString()
        .startsWith(DB + " is not a readable rpm database: it is not a BerkeleyDB hash database");
    assertThat(read(new byte[100]).problems())
        .singleElement()
        .asString()
        .contains("it is 100 bytes, shorter than one 512-byte BerkeleyDB page");
    byte[] pageSize = Resources.bytes("/rpmdb/Packages");
    le(pageSize).putInt(20, 1000);
    assertThat(read(pageSize).problems())
        .singleElement()
        .asString()
        .contains("its page size 1000 is not a power of two");
    byte[] encrypted = Resources.bytes("/rpmdb/Packages");
    encrypted[24] = 1;
    assertThat(read(encrypted).problems()).singleElement().asString().contains("encrypted");
  }

  @Test
  void aTruncatedFileKeepsThePackagesItStillHolds() {
    byte[] real = Resources.bytes("/rpmdb/Packages-512");
    PackageDatabases.Read read = read(Arrays.copyOf(real, real.length - 512));
    assertThat(read.problems()).isNotEmpty();
    assertThat(read.problems().get(0))
        .isEqualTo(
            DB
                + " is truncated: its metadata names 19 pages"
                + " of 512 bytes but the file holds 18; the packages on the missing pages are not in the"
                + " inventory");
    assertThat(read.packages().size() + read.problems().size() - 1).isGreaterThanOrEqualTo(4);
    assertThat(expected()).containsAll(read.packages());
    for (int length = 0; length <= real.length; length += 97) {
      PackageDatabases.Read cut = read(Arrays.copyOf(real, length));
      assertThat(expected()).containsAll(cut.packages());
    }
  }

  @Test
  void anOverflowLoopIsCutAndTheOtherPackagesStay() {
    byte[] bytes = Resources.bytes("/rpmdb/Packages-512");
    int page = firstOverflowPageWithNext(bytes, 512);
    le(bytes).putInt(page * 512 + 16, page);
    PackageDatabases.Read read = read(bytes);
    assertThat(read.problems())
        .singleElement()
        .asString()
        .contains("comes back to page " + page)
        .endsWith("that package is not in the inventory");
    assertThat(read.packages()).hasSize(3);
    assertThat(expected()).containsAll(read.packages());
  }

  @Test
  void hostileLengthsAndOffsetsAreProblems() {
    // An off-page item that claims 4 GiB.
    byte[] bytes = Resources.bytes("/rpmdb/Packages");
    int[] item = firstOffPageItem(bytes, 4096);
    le(bytes).putInt(item[0] * 4096 + item[1] + 8, -1);
    PackageDatabases.Read read = read(bytes);
    assertThat(read.problems()).singleElement().asString().contains("claims 4294967295 bytes");
    assertThat(read.packages()).hasSize(3);

    // An off-page item that leads past the end of the file.
    bytes = Resources.bytes("/rpmdb/Packages");
    le(bytes).putInt(item[0] * 4096 + item[1] + 4, 1_000_000);
    assertThat(read(bytes).problems())
        .singleElement()
        .asString()
        .contains("leads to page 1000000, past the end of the file");

    // An index entry that points off the page.
    bytes = Resources.bytes("/rpmdb/Packages");
    le(bytes).putShort(item[0] * 4096 + 26 + 2, (short) 0xffff);
    assertThat(read(bytes).problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(DB));

    // An odd number of items.
    bytes = Resources.bytes("/rpmdb/Packages");
    le(bytes).putShort(item[0] * 4096 + 20, (short) 0xffff);
    assertThat(read(bytes).problems()).singleElement().asString().contains("names 65535 items");

    // A last page number of 2^32 - 1.
    bytes = Resources.bytes("/rpmdb/Packages");
    le(bytes).putInt(32, -1);
    read = read(bytes);
    assertThat(read.problems()).singleElement().asString().contains("names 4294967296 pages");
    assertThat(read.packages()).containsExactlyInAnyOrderElementsOf(expected());
  }

  @Test
  void flippedBytesNeverThrow() {
    byte[] real = Resources.bytes("/rpmdb/Packages-512");
    Random random = new Random(3);
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = real.clone();
      for (int flips = 0; flips < 6; flips++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      PackageDatabases.Read read = RpmBerkeleyDb.read(DB, bytes);
      assertThat(read.packages().size()).isLessThanOrEqualTo(6);
    }
  }

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int firstOverflowPageWithNext(byte[] bytes, int pageSize) {
    for (int page = 1; page < bytes.length / pageSize; page++) {
      if (bytes[page * pageSize + 25] == 7 && le(bytes).getInt(page * pageSize + 16) != 0) {
        return page;
      }
    }
    throw new AssertionError("no overflow chain");
  }

  /** {page, offset} of the first off-page value on a hash page. */
  private static int[] firstOffPageItem(byte[] bytes, int pageSize) {
    for (int page = 1; page < bytes.length / pageSize; page++) {
      int base = page * pageSize;
      if (bytes[base + 25] != 13) {
        continue;
      }
      int entries = le(bytes).getShort(base + 20) & 0xffff;
      for (int i = 1; i < entries; i += 2) {
        int offset = le(bytes).getShort(base + 26 + 2 * i) & 0xffff;
        if (bytes[base + offset] == 3) {
          return new int[] {page, offset};
        }
      }
    }
    throw new AssertionError("no off-page item");
  }
}
