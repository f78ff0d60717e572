package dev.paas.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * What the walks over a zip held in memory share (the secret scan's and the Java-library
 * inventory's): opening its central directory, the compressed bytes an entry has consumed, and when
 * the stream reader must inflate an entry to reach the next.
 */
public final class ZipArchives {
  private ZipArchives() {}

  /** The archive by its central directory, or empty when it has no readable one. */
  public static Optional<ZipFile> withCentralDirectory(byte[] bytes) {
    try {
      return Optional.of(
          ZipFile.builder()
              .setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes))
              .setIgnoreLocalFileHeader(true)
              .get());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The compressed bytes {@code raw} (an entry's stream from a {@link ZipFile}) has consumed so
   * far, like the stream walk's count, so a bomb trips as early there as here; else the entry's
   * compressed size.
   */
  public static LongSupplier packed(InputStream raw, ZipArchiveEntry entry) {
    return raw instanceof InputStreamStatistics statistics
        ? statistics::getCompressedCount
        : entry::getCompressedSize;
  }

  /**
   * Whether the stream reader can reach the next entry only by inflating this one. When the local
   * header gives the compressed size, it skips the compressed bytes, which costs no inflation and
   * so needs no metering; otherwise the rest is read through the meter ({@link
   * MeteredEntry#drain}), so that a bomb cannot hide from the limits by not being read.
   */
  public static boolean mustInflateToSkip(ZipArchiveEntry entry) {
    return entry.getCompressedSize() < 0 || entry.getGeneralPurposeBit().usesDataDescriptor();
  }

  /**
   * A zip's entries to visit, in physical order: each name once, and each entry's local data once.
   * A central directory may list one local entry many times (under one name or many), or entries
   * whose data overlap, so that a small zip is read, and reported, thousands of times; such entries
   * are left out and counted.
   *
   * @param entries the entries to visit
   * @param repeated how many were left out: a name already listed, or data that another entry's
   *     data overlaps
   */
  public record DistinctEntries(List<ZipArchiveEntry> entries, int repeated) {}

  /** The entries of {@code zip} to visit, as {@link DistinctEntries} says. */
  public static DistinctEntries distinct(ZipFile zip) {
    List<ZipArchiveEntry> kept = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long end = -1;
    int repeated = 0;
    for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
      long start = entry.getLocalHeaderOffset();
      if (start < end || !names.add(entry.getName())) {
        repeated++;
        continue;
      }
      // a local header is at least 30 bytes, then the compressed data: the next may start after
      end = start + LOCAL_HEADER_BYTES + Math.max(entry.getCompressedSize(), 0);
      kept.add(entry);
    }
    return new DistinctEntries(kept, repeated);
  }

  private static final int LOCAL_HEADER_BYTES = 30;
}
