package dev.paas.core.check.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * One archive entry's inflated bytes, metered against the {@link ArchiveLimits} as they are
 * read, so that a bomb is stopped by its first mebibytes rather than after it has inflated.
 */
final class ArchiveEntryInput extends InputStream {
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
      budget.entryInflated(inflated, packed.getAsLong(), archive);
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
