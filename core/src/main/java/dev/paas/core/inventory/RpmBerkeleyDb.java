package dev.paas.core.inventory;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads rpm's BerkeleyDB {@code Packages} file of older images (CentOS 7, RHEL 7 and 8): a
 * BerkeleyDB hash database whose values are rpm header blobs. The hash pages are walked in file
 * order; each value is read from the page itself or from its chain of overflow pages. Every page
 * number, offset and length is checked against the file, and a chain that comes back to a page it
 * has visited is cut, so a damaged file gives problems, never an exception.
 */
public final class RpmBerkeleyDb {

  /** The evidence written into each package. */
  public static final String EVIDENCE = "rpmdb-bdb";

  /** Where rpm keeps the database, in either of the places distributions put it. */
  public static final List<String> PATHS =
      List.of("/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages");

  /** Reads the database at one of {@link #PATHS}. */
  public static final InventoryReader READER =
      InventoryReader.of(path -> PATHS.contains(ImagePaths.absolute(path)), RpmBerkeleyDb::read);

  private static final int HASH_MAGIC = 0x061561;
  private static final int BTREE_MAGIC = 0x053162;
  private static final int PAGE_HEADER = 26;
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASHMETA = 8;
  private static final int P_HASH = 13;
  private static final int H_KEYDATA = 1;
  private static final int H_DUPLICATE = 2;
  private static final int H_OFFPAGE = 3;
  private static final int H_OFFDUP = 4;
  private static final int OFFPAGE_SIZE = 12;

  private final String path;
  private final byte[] file;
  private final boolean bigEndian;
  private final int pageSize;
  private final List<InstalledPackage> packages = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  private RpmBerkeleyDb(String path, byte[] file, boolean bigEndian, int pageSize) {
    this.path = path;
    this.file = file;
    this.bigEndian = bigEndian;
    this.pageSize = pageSize;
  }

  /**
   * The packages of one {@code Packages} file, without the {@code gpg-pubkey} pseudo packages.
   *
   * @param path the file's path in the image, written into each package and problem
   * @param content the file's bytes
   */
  public static PackageDatabases.Read read(String path, byte[] content) {
    if (content.length < 512) {
      return fail(
          path,
          "it is " + content.length + " bytes, shorter than one 512-byte" + " BerkeleyDB page");
    }
    boolean bigEndian;
    int little = (int) u32(content, 12, false);
    int big = (int) u32(content, 12, true);
    if (little == HASH_MAGIC) {
      bigEndian = false;
    } else if (big == HASH_MAGIC) {
      bigEndian = true;
    } else if (little == BTREE_MAGIC || big == BTREE_MAGIC) {
      return fail(path, "it is a BerkeleyDB btree database, not the hash database rpm writes");
    } else {
      return fail(
          path, String.format("it is not a BerkeleyDB hash database (magic 0x%08x)", little));
    }
    if ((content[24] & 0xff) != 0) {
      return fail(path, "it is encrypted (algorithm " + (content[24] & 0xff) + ")");
    }
    if ((content[25] & 0xff) != P_HASHMETA) {
      return fail(
          path,
          "its first page is of type " + (content[25] & 0xff) + ", not the hash metadata page");
    }
    long pageSize = u32(content, 20, bigEndian);
    if (pageSize < 512 || pageSize > 65536 || Long.bitCount(pageSize) != 1) {
      return fail(path, "its page size " + pageSize + " is not a power of two from 512 to 65536");
    }
    RpmBerkeleyDb db = new RpmBerkeleyDb(path, content, bigEndian, (int) pageSize);
    db.walk(u32(content, 32, bigEndian));
    return new PackageDatabases.Read(db.packages, db.problems);
  }

  private void walk(long lastPage) {
    long pages = file.length / pageSize;
    if (lastPage + 1 > pages) {
      problems.add(
          path
              + " is truncated: its metadata names "
              + (lastPage + 1)
              + " pages of "
              + pageSize
              + " bytes but the file holds "
              + pages
              + "; the packages on the missing"
              + " pages are not in the inventory");
    }
    long end = Math.min(lastPage + 1, pages);
    for (int page = 1; page < end; page++) {
      int type = file[page * pageSize + 25] & 0xff;
      if (type == P_HASH || type == P_HASH_UNSORTED) {
        readHashPage(page);
      }
    }
  }

  private void readHashPage(int page) {
    int base = page * pageSize;
    int entries = u16(base + 20);
    if (entries % 2 != 0 || PAGE_HEADER + 2 * entries > pageSize) {
      problems.add(
          path
              + ": hash page "
              + page
              + " names "
              + entries
              + " items, which are not"
              + " key/value pairs that fit on the page; the packages on it are not in the inventory");
      return;
    }
    int lowest = PAGE_HEADER + 2 * entries;
    for (int pair = 0; pair < entries / 2; pair++) {
      int keyIndex = 2 * pair;
      int keyAt = itemOffset(page, keyIndex);
      int keyLength = itemLength(page, keyIndex);
      int valueAt = itemOffset(page, keyIndex + 1);
      int valueLength = itemLength(page, keyIndex + 1);
      if (keyAt < lowest || valueAt < lowest || keyLength < 1 || valueLength < 1) {
        problems.add(
            path
                + ": item "
                + (keyIndex + 1)
                + " of hash page "
                + page
                + " lies"
                + " outside the page; that package is not in the inventory");
        continue;
      }
      int keyType = file[base + keyAt] & 0xff;
      if (keyType == H_KEYDATA && keyLength == 5 && u32(base + keyAt + 1) == 0) {
        continue; // rpm's record 0 holds the next free header instance, not a package
      }
      byte[] value = value(page, valueAt, valueLength);
      if (value == null) {
        continue;
      }
      try {
        RpmHeader.parse(value).toPackage(path, EVIDENCE).ifPresent(packages::add);
      } catch (IllegalArgumentException e) {
        problems.add(
            path
                + ": the rpm header in item "
                + (keyIndex + 2)
                + " of hash page "
                + page
                + " is damaged: "
                + e.getMessage()
                + "; that package is not in the inventory");
      }
    }
  }

  private byte[] value(int page, int at, int length) {
    int base = page * pageSize;
    int type = file[base + at] & 0xff;
    if (type == H_KEYDATA) {
      byte[] value = new byte[length - 1];
      System.arraycopy(file, base + at + 1, value, 0, length - 1);
      return value;
    }
    String where = "item at offset " + at + " of hash page " + page;
    if (type == H_DUPLICATE || type == H_OFFDUP) {
      problems.add(
          path
              + ": the "
              + where
              + " is a set of duplicates, which rpm never writes;"
              + " those packages are not in the inventory");
      return null;
    }
    if (type != H_OFFPAGE || length < OFFPAGE_SIZE) {
      problems.add(
          path
              + ": the "
              + where
              + " is of unknown type "
              + type
              + "; that package is not in the inventory");
      return null;
    }
    long next = u32(base + at + 4);
    long total = u32(base + at + 8);
    if (total > file.length) {
      problems.add(
          path
              + ": the "
              + where
              + " claims "
              + total
              + " bytes, more than the "
              + file.length
              + "-byte file; that package is not in the inventory");
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
    BitSet seen = new BitSet();
    long pages = file.length / pageSize;
    while (next != 0) {
      if (next >= pages) {
        problems.add(
            path
                + ": the overflow chain of the "
                + where
                + " leads to page "
                + next
                + ", past the end of the file; that package is not in the inventory");
        return null;
      }
      int p = (int) next;
      if (seen.get(p)) {
        problems.add(
            path
                + ": the overflow chain of the "
                + where
                + " comes back to page "
                + p
                + "; that package is not in the inventory");
        return null;
      }
      seen.set(p);
      int pageBase = p * pageSize;
      if ((file[pageBase + 25] & 0xff) != P_OVERFLOW) {
        problems.add(
            path
                + ": the overflow chain of the "
                + where
                + " leads to page "
                + p
                + ", which is not an overflow page; that package is not in the inventory");
        return null;
      }
      int onPage = u16(pageBase + 22);
      if (onPage > pageSize - PAGE_HEADER || out.size() + onPage > total) {
        problems.add(
            path
                + ": overflow page "
                + p
                + " of the "
                + where
                + " holds "
                + onPage
                + " bytes, more than fits; that package is not in the inventory");
        return null;
      }
      out.write(file, pageBase + PAGE_HEADER, onPage);
      next = u32(pageBase + 16);
    }
    if (out.size() != total) {
      problems.add(
          path
              + ": the overflow chain of the "
              + where
              + " holds "
              + out.size()
              + " of its "
              + total
              + " bytes; that package is not in the inventory");
      return null;
    }
    return out.toByteArray();
  }

  /** The offset of item {@code index} on the page, or -1 if it is not on the page. */
  private int itemOffset(int page, int index) {
    int offset = u16(page * pageSize + PAGE_HEADER + 2 * index);
    return offset < pageSize ? offset : -1;
  }

  /**
   * The length of item {@code index}, or -1, as BerkeleyDB's {@code LEN_HITEM}: items fill the page
   * from its end, each ending where the one before it starts.
   */
  private int itemLength(int page, int index) {
    int offset = itemOffset(page, index);
    int end = index == 0 ? pageSize : itemOffset(page, index - 1);
    return offset < 0 || end < 0 ? -1 : end - offset;
  }

  private int u16(int at) {
    int a = file[at] & 0xff;
    int b = file[at + 1] & 0xff;
    return bigEndian ? (a << 8) | b : (b << 8) | a;
  }

  private long u32(int at) {
    return u32(file, at, bigEndian);
  }

  private static long u32(byte[] b, int at, boolean bigEndian) {
    long v0 = b[at] & 0xffL;
    long v1 = b[at + 1] & 0xffL;
    long v2 = b[at + 2] & 0xffL;
    long v3 = b[at + 3] & 0xffL;
    return bigEndian
        ? (v0 << 24) | (v1 << 16) | (v2 << 8) | v3
        : (v3 << 24) | (v2 << 16) | (v1 << 8) | v0;
  }

  private static PackageDatabases.Read fail(String path, String what) {
    return new PackageDatabases.Read(List.of(), List.of(RpmSqlite.unreadable(path, what)));
  }
}
