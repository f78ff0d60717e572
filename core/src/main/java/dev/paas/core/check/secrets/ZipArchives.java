package dev.paas.core.check.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * What the walks over a zip held in memory share (the secret scan's and the Java-library
 * inventory's): opening its central directory, the compressed bytes an entry has consumed, and
 * when the stream reader must inflate an entry to reach the next.
 */
public final class ZipArchives {
  private ZipArchives() {}

  /** The archive by its central directory, or empty when it has no readable one. */
  public static Optional<ZipFile> withCentralDirectory(byte[] bytes) {
    try {
      return Optional.of(ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes))
          .setIgnoreLocalFileHeader(true).get());
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
        ? statistics::getCompressedCount : entry::getCompressedSize;
  }

  /**
   * Whether the stream reader can reach the next entry only by inflating this one. When the local
   * header gives the compressed size, it skips the compressed bytes, which costs no inflation and
   * so needs no metering; otherwise the rest is read through the meter
   * ({@link MeteredEntry#drain}), so that a bomb cannot hide from the limits by not being read.
   */
  public static boolean mustInflateToSkip(ZipArchiveEntry entry) {
    return entry.getCompressedSize() < 0 || entry.getGeneralPurposeBit().usesDataDescriptor();
  }
}
