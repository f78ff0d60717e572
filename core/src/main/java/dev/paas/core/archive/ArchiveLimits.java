package dev.paas.core.archive;

/**
 * How far a walk over an archive (a jar, a war, a zip: the secret scan's or the Java-library
 * inventory's) follows it before it gives up on it and reports the archive instead: what keeps a
 * zip bomb cheap.
 *
 * @param maxDepth how deep archives may nest; the archive in the layer is depth 1, a jar inside it
 *     depth 2
 * @param maxEntries how many entries one archive may hold, nested archives' entries included
 * @param maxInflatedBytes how many bytes one archive may inflate to, all levels counted
 * @param maxEntryBytes how many bytes one entry may inflate to
 */
public record ArchiveLimits(
    int maxDepth, int maxEntries, long maxInflatedBytes, long maxEntryBytes) {

  /**
   * Room for an ear holding wars holding jars, and for a large Spring Boot fat jar (hundreds of
   * nested jars, a few hundred thousand entries, a few hundred MiB read), while a bomb stops within
   * a second or two.
   */
  public static final ArchiveLimits DEFAULT = new ArchiveLimits(4, 500_000, 1L << 30, 256L << 20);

  public ArchiveLimits {
    if (maxDepth < 1 || maxEntries < 1 || maxInflatedBytes < 1 || maxEntryBytes < 1) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
  }
}
