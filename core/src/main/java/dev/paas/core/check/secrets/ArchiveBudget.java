package dev.paas.core.check.secrets;

/** What one archive in a layer, nested archives included, has used of its limits so far. */
final class ArchiveBudget {
  private final ArchiveLimits limits;
  private long inflated;
  private int entries;

  ArchiveBudget(ArchiveLimits limits) {
    this.limits = limits;
  }

  ArchiveLimits limits() {
    return limits;
  }

  void entry(String archive) {
    if (++entries > limits.maxEntries()) {
      throw new LimitExceeded("more than " + limits.maxEntries() + " entries", archive);
    }
  }

  void inflated(long bytes, String archive) {
    inflated += bytes;
    if (inflated > limits.maxInflatedBytes()) {
      throw new LimitExceeded(
          "inflates to more than " + limits.maxInflatedBytes() + " bytes in all", archive);
    }
  }

  void depth(int depth, String archive) {
    if (depth > limits.maxDepth()) {
      throw new LimitExceeded("nested more than " + limits.maxDepth() + " archives deep", archive);
    }
  }
}
