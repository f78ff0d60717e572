package dev.paas.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * One archive entry's inflated bytes, metered against an {@link ArchiveBudget} as they are read, so
 * that a bomb is stopped by its first mebibytes rather than after it has inflated. Skipping goes
 * through the meter too (skipping inflates). Closing leaves the archive's stream open: the archive
 * reader owns it.
 */
public class MeteredEntry extends InputStream {
  private final InputStream zip;
  private final LongSupplier packed;
  private final ArchiveBudget budget;
  private final String path;
  private long inflated;

  /**
   * @param packed how many compressed bytes of the entry have been (or will be) consumed, for the
   *     ratio check ({@link ZipArchives#packed})
   * @param path the entry's path, which a limit names
   */
  public MeteredEntry(InputStream zip, LongSupplier packed, ArchiveBudget budget, String path) {
    this.zip = zip;
    this.packed = packed;
    this.budget = budget;
    this.path = path;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = zip.read(b, off, len);
    if (n > 0) {
      inflated += n;
      budget.inflated(n, path);
      budget.entryInflated(inflated, packed.getAsLong(), path);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(Math.max(n, 1), 8192)];
    long skipped = 0;
    int r;
    while (skipped < n && (r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped))) > 0) {
      skipped += r;
    }
    return skipped;
  }

  /** Reads the rest of the entry, metered like the rest, so the next entry can be reached. */
  public void drain(byte[] scratch) throws IOException {
    while (read(scratch, 0, scratch.length) >= 0) {
      // metering is the point
    }
  }

  @Override
  public void close() {
    // the archive reader owns the stream
  }
}
