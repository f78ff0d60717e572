package dev.paas.core.image;

import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Blob digests proven on this machine, remembered by the identity of the file that held the bytes
 * (device, inode, size, modification and change time) and the byte range, so that a check of an
 * archive or layout it proved before does not read it again.
 *
 * <p>Why an unchanged identity means unchanged bytes: the kernel sets a file's change time (ctime)
 * to the current time on every write to it and on every change to its metadata, including setting
 * its modification time back ({@code touch -d}); no system call sets ctime to a chosen value. A
 * file put in its place (even on a reused inode) gets the ctime of its creation. So bytes that
 * change after a proof change the identity, as long as the clock has moved on since the identity
 * was last set: a proof is remembered only when the identity read before the bytes were hashed and
 * after is the same and the file's times are older than {@link #SETTLED} before the hashing began
 * (git's "racily clean" rule), which no file system's timestamp granularity reaches. What this does
 * not survive is someone who can set the clock back or write this memo: they are root or own the
 * cache, and can plant layer facts as well. Only local file systems whose ctime the kernel keeps
 * are trusted ({@link #LOCAL_FILE_SYSTEMS}); elsewhere nothing is remembered.
 *
 * <p>Where a digest is proven is kept too ({@code copies/<hex>}: file, offset, length; the first
 * file, for as long as its proof holds), so that the same bytes in another file (a new archive
 * holding a base's layers) are proven by comparing them with those ({@link #provenCopy}): believed
 * only while that file's own memo holds the proof for its unchanged identity, and only when every
 * byte is equal.
 */
public final class ProvenBlobs {
  /** How long a file must have been left alone before its proof may be remembered. */
  static final long SETTLED = TimeUnit.SECONDS.toNanos(2);

  /** File systems whose ctime the kernel itself maintains. */
  static final Set<String> LOCAL_FILE_SYSTEMS =
      Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs");

  private static final String HEADER = "paas-proven-blobs 1";
  private static final String COPIES = "copies";
  private static final int MAX_ENTRIES = 256;
  private static final int MAX_FILE_BYTES = 64 * 1024;
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final ProvenBlobs NONE = new ProvenBlobs(null, SETTLED);

  /** Bytes of a file that hold one blob. */
  public record Range(Path file, long offset, long length) {}

  /** A file's identity as the kernel keeps it. */
  record Identity(String device, String inode, long size, long modifiedNanos, long changedNanos) {
    String line() {
      return "identity "
          + device
          + " "
          + inode
          + " "
          + size
          + " "
          + modifiedNanos
          + " "
          + changedNanos;
    }

    boolean settledBefore(long epochNanos) {
      return modifiedNanos < epochNanos && changedNanos < epochNanos;
    }
  }

  private final Path directory;
  private final long settledNanos;

  private ProvenBlobs(Path directory, long settledNanos) {
    this.directory = directory;
    this.settledNanos = settledNanos;
  }

  /** Remembers nothing: every blob is read to be proven. */
  public static ProvenBlobs none() {
    return NONE;
  }

  /** A memo kept in {@code directory}, as trusted as the layer facts kept beside it. */
  public static ProvenBlobs in(Path directory) {
    return new ProvenBlobs(directory, SETTLED);
  }

  /** A memo that waits {@code settledNanos} instead (tests, which cannot set ctime back). */
  static ProvenBlobs in(Path directory, long settledNanos) {
    return new ProvenBlobs(directory, settledNanos);
  }

  /** The digest proven before for {@code range}, if its file has not changed since. */
  Optional<String> known(Range range) {
    if (directory == null) {
      return Optional.empty();
    }
    Optional<Identity> now = identity(range.file());
    if (now.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> entries = read(range.file(), now.get());
    return Optional.ofNullable(entries.get(key(range)));
  }

  /**
   * {@code digest}, proven for {@code range} by comparison: its bytes are, byte for byte, those of
   * a range of another file that this memo holds a proof of {@code digest} for, and that file kept
   * its identity (so its bytes) from before the comparison to after. Reading two files from the
   * page cache and comparing them costs a fraction of hashing one in a JVM whose compiler has not
   * reached SHA-256 yet: a new archive that holds the layers of a base proven before (each build's
   * image) is proven against the base's archive. Empty when there is no such file or a byte
   * differs; the caller then hashes. What the range's bytes are proven to be is what was read now,
   * as with a hash.
   */
  Optional<String> provenCopy(Range range, String digest) {
    if (directory == null || !DIGEST.matcher(digest).matches()) {
      return Optional.empty();
    }
    Optional<Range> copy = copyOf(digest);
    if (copy.isEmpty() || copy.get().length() != range.length()) {
      return Optional.empty();
    }
    Range other = copy.get();
    Optional<Identity> before = identity(other.file());
    if (before.isEmpty() || !holds(other, before.get(), digest)) {
      return Optional.empty();
    }
    Watch watch = watch(range);
    try {
      if (!BlobComparison.equal(range, other)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!before.equals(identity(other.file()))) {
      return Optional.empty();
    }
    watch.proven(digest);
    return Optional.of(digest);
  }

  /**
   * Starts watching {@code range} before its bytes are read; {@link Watch#proven} then remembers
   * the digest they were proven to have, where that is safe.
   */
  Watch watch(Range range) {
    return new Watch(
        range,
        directory == null ? Optional.empty() : identity(range.file()),
        System.currentTimeMillis() * 1_000_000);
  }

  /** A range being read, and its file's identity when reading began. */
  final class Watch {
    private final Range range;
    private final Optional<Identity> before;
    private final long startNanos;

    private Watch(Range range, Optional<Identity> before, long startNanos) {
      this.range = range;
      this.before = before;
      this.startNanos = startNanos;
    }

    /** Remembers that the range's bytes have {@code digest}, if the file stayed as it was. */
    void proven(String digest) {
      if (before.isEmpty()
          || !DIGEST.matcher(digest).matches()
          || !before.get().settledBefore(startNanos - settledNanos)
          || !before.equals(identity(range.file()))) {
        return;
      }
      remember(range, before.get(), digest);
    }
  }

  private synchronized void remember(Range range, Identity identity, String digest) {
    Map<String, String> entries = read(range.file(), identity);
    if (entries.size() >= MAX_ENTRIES) {
      return;
    }
    entries.put(key(range), digest);
    StringBuilder text =
        new StringBuilder(HEADER).append('\n').append(identity.line()).append('\n');
    entries.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
    String where =
        range.file().toAbsolutePath().normalize()
            + "\n"
            + range.offset()
            + "\n"
            + range.length()
            + "\n";
    try {
      AtomicFile.write(
          memoFile(range.file()),
          out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
      // Where the digest's bytes are proven, for copies of them elsewhere: the first such file
      // for as long as its proof holds (an official base's archive outlives the builds' ones).
      if (provenRange(digest).isEmpty()) {
        Files.createDirectories(directory.resolve(COPIES));
        AtomicFile.write(
            copyFile(digest), out -> out.write(where.getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      // Not remembered: the next check reads the blob again.
    }
  }

  // The range the index of copies names for digest, if that file's memo still holds the proof.
  private Optional<Range> provenRange(String digest) {
    return copyOf(digest)
        .filter(r -> identity(r.file()).map(id -> holds(r, id, digest)).orElse(false));
  }

  private boolean holds(Range range, Identity identity, String digest) {
    return digest.equals(read(range.file(), identity).get(key(range)));
  }

  // The range a proof of digest was remembered for; believed only as far as that file's own
  // memo still holds the proof.
  private Optional<Range> copyOf(String digest) {
    Path file = copyFile(digest);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      String[] lines = new String(in.readNBytes(8 * 1024), StandardCharsets.UTF_8).split("\n");
      if (lines.length != 3) {
        return Optional.empty();
      }
      Path path = Path.of(lines[0]);
      long offset = Long.parseLong(lines[1]);
      long length = Long.parseLong(lines[2]);
      if (!path.isAbsolute() || offset < 0 || length < 0) {
        return Optional.empty();
      }
      return Optional.of(new Range(path, offset, length));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Path copyFile(String digest) {
    return directory.resolve(COPIES).resolve(digest.substring("sha256:".length()));
  }

  // The entries kept for the file as it is now; a memo of an older identity, or a damaged one,
  // holds none.
  private Map<String, String> read(Path file, Identity identity) {
    Map<String, String> entries = new LinkedHashMap<>();
    Path memo = memoFile(file);
    if (!Files.isRegularFile(memo, LinkOption.NOFOLLOW_LINKS)) {
      return entries;
    }
    try (InputStream in = Files.newInputStream(memo, LinkOption.NOFOLLOW_LINKS)) {
      String[] lines =
          new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8).split("\n");
      if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].equals(identity.line())) {
        return entries;
      }
      for (int i = 2; i < lines.length && entries.size() < MAX_ENTRIES; i++) {
        String[] parts = lines[i].split(" ");
        if (parts.length == 3 && DIGEST.matcher(parts[2]).matches()) {
          entries.put(parts[0] + " " + parts[1], parts[2]);
        }
      }
    } catch (IOException | RuntimeException e) {
      entries.clear();
    }
    return entries;
  }

  private static String key(Range range) {
    return range.offset() + " " + range.length();
  }

  // One memo per file, named by its absolute path: rewriting the file replaces its memo.
  private Path memoFile(Path file) {
    String path = file.toAbsolutePath().normalize().toString();
    return directory.resolve(
        OciImage.sha256(path.getBytes(StandardCharsets.UTF_8)).substring(7, 47));
  }

  /** The identity of {@code file}, where its file system keeps one this memo can trust. */
  static Optional<Identity> identity(Path file) {
    try {
      if (!LOCAL_FILE_SYSTEMS.contains(Files.getFileStore(file).type())) {
        return Optional.empty();
      }
      Map<String, Object> a =
          Files.readAttributes(
              file, "unix:dev,ino,size,lastModifiedTime,ctime,mode", LinkOption.NOFOLLOW_LINKS);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      return Optional.of(
          new Identity(
              String.valueOf(a.get("dev")),
              String.valueOf(a.get("ino")),
              (Long) a.get("size"),
              nanos(a.get("lastModifiedTime")),
              nanos(a.get("ctime"))));
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static long nanos(Object time) {
    return ((FileTime) time).to(TimeUnit.NANOSECONDS);
  }
}
