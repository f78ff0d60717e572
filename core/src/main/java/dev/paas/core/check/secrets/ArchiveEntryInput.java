package dev.paas.core.check.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * One archive entry's inflated bytes, metered against the {@link ArchiveLimits} as they are
 * read, so that a bomb is stopped by its first mebibytes rather than after it has inflated.
 */
final class ArchiveEntryInput extends InputStream {
  /**
   * Deflate reaches about 1000:1 on zeros and bombs live there; real jars stay under 20:1, and
   * even a log or a sparse file rarely passes 100:1. Checked once an entry passes 1 MiB, so small
   * runs of zeros do not trip it.
   */
  static final int MAX_RATIO = 100;

  static final long RATIO_FROM_BYTES = 1L << 20;

  private final InputStream zip;
  private final Object owner;
  private final LongSupplier packed;
  private final ArchiveBudget budget;
  private final String archive;
  private long inflated;

  /**
   * @param packed how many compressed bytes of the entry have been (or will be) consumed, for
   *     the ratio check
   * @param archive the entry's path, which a limit names
   */
  ArchiveEntryInput(InputStream zip, Object owner, LongSupplier packed, ArchiveBudget budget,
      String archive) {
    this.zip = zip;
    this.owner = owner;
    this.packed = packed;
    this.budget = budget;
    this.archive = archive;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = zip.read(b, off, len);
    } catch (SourceFailure e) {
      throw e;
    } catch (IOException e) {
      throw new SourceFailure(owner, e);
    }
    if (n > 0) {
      inflated += n;
      budget.inflated(n, archive);
      if (inflated > budget.limits().maxEntryBytes()) {
        throw new LimitExceeded("an entry inflates to more than "
            + budget.limits().maxEntryBytes() + " bytes", archive);
      }
      if (inflated > RATIO_FROM_BYTES
          && inflated > MAX_RATIO * Math.max(packed.getAsLong(), 1)) {
        throw new LimitExceeded("an entry inflates more than " + MAX_RATIO + " times", archive);
      }
    }
    return n;
  }

  /** Reads the rest of the entry, metered like the rest, so the next entry can be reached. */
  void drain(byte[] scratch) throws IOException {
    while (read(scratch, 0, scratch.length) >= 0) {
      // metering is the point
    }
  }

  @Override
  public void close() {
    // the archive reader owns the stream
  }
}
