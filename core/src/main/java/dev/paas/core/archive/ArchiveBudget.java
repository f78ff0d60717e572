package dev.paas.core.archive;

/**
 * What one archive in a layer, nested archives included, has used of its limits so far, and the one
 * place those limits are checked: by the secret scan and by the Java-library inventory.
 */
public final class ArchiveBudget {
  /**
   * Deflate reaches about 1000:1 on zeros and bombs live there; real jars stay under 20:1, and even
   * a log or a sparse file rarely passes 100:1. Checked once an entry passes 1 MiB, so small runs
   * of zeros do not trip it.
   */
  static final int MAX_RATIO = 100;

  static final long RATIO_FROM_BYTES = 1L << 20;

  private final ArchiveLimits limits;
  private long inflated;
  private int entries;

  public ArchiveBudget(ArchiveLimits limits) {
    this.limits = limits;
  }

  public ArchiveLimits limits() {
    return limits;
  }

  /** Counts one more entry of {@code archive}. */
  public void entry(String archive) {
    if (++entries > limits.maxEntries()) {
      throw new LimitExceeded("more than " + limits.maxEntries() + " entries", archive);
    }
  }

  /** Counts {@code bytes} more inflated by {@code archive}, all levels together. */
  public void inflated(long bytes, String archive) {
    inflated += bytes;
    if (inflated > limits.maxInflatedBytes()) {
      throw new LimitExceeded(
          "inflates to more than " + limits.maxInflatedBytes() + " bytes in all", archive);
    }
  }

  /**
   * Checks an entry while it inflates: {@code entryBytes} inflated so far from {@code packed}
   * compressed bytes.
   */
  public void entryInflated(long entryBytes, long packed, String entry) {
    if (entryBytes > limits.maxEntryBytes()) {
      throw new LimitExceeded(
          "an entry inflates to more than " + limits.maxEntryBytes() + " bytes", entry);
    }
    if (entryBytes > RATIO_FROM_BYTES && entryBytes > MAX_RATIO * Math.max(packed, 1)) {
      throw new LimitExceeded("an entry inflates more than " + MAX_RATIO + " times", entry);
    }
  }

  /**
   * Checks the sizes a central directory declares for an entry, so a bomb is stopped before it
   * inflates (a lie is caught while inflating).
   */
  public void declared(long size, long packed, String entry) {
    if (size > limits.maxEntryBytes()) {
      throw new LimitExceeded(
          "an entry declares " + size + " bytes, more than " + limits.maxEntryBytes(), entry);
    }
    if (size > RATIO_FROM_BYTES && packed >= 0 && size > MAX_RATIO * Math.max(packed, 1)) {
      throw new LimitExceeded(
          "an entry declares more than " + MAX_RATIO + " times its compressed size", entry);
    }
  }

  public void depth(int depth, String archive) {
    if (depth > limits.maxDepth()) {
      throw new LimitExceeded("nested more than " + limits.maxDepth() + " archives deep", archive);
    }
  }
}
