package dev.paas.core.check.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Visits a zip archive held in memory through its central directory: an entry whose name rules
 * it out (a class, a native library) is never inflated, which makes a jar of classes cost little
 * more than reading its directory.
 */
final class ZipDirectoryWalk {
  private final FileExaminer files;

  ZipDirectoryWalk(FileExaminer files) {
    this.files = files;
  }

  /** Visits the archive's entries; false if it has no readable central directory. */
  boolean walk(String path, byte[] bytes, int depth, ArchiveBudget budget, MatchList out)
      throws IOException {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes))
          .setIgnoreLocalFileHeader(true).get();
    } catch (IOException | RuntimeException e) {
      return false;
    }
    try (zip) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        budget.entry(path);
        String entryPath = path + "!/" + entry.getName();
        // the central directory gives each entry's sizes: a bomb is reported from them without
        // being inflated, even where its name means it would not be read
        budget.declared(entry.getSize(), entry.getCompressedSize(), entryPath);
        if (entry.isDirectory() || FileExaminer.isRuledOutByName(entryPath)) {
          continue;
        }
        examineEntry(zip, entry, entryPath, path, depth, budget, out);
      }
    }
    return true;
  }

  private void examineEntry(ZipFile zip, ZipArchiveEntry entry, String entryPath, String path,
      int depth, ArchiveBudget budget, MatchList out) throws IOException {
    Object level = new Object();
    try {
      if (!zip.canReadEntryData(entry)) {
        return; // encrypted, or a method the reader lacks: nothing can be read, nothing reported
      }
      try (InputStream raw = zip.getInputStream(entry)) {
        // the bytes consumed so far, like the stream walk's, so a bomb trips as early there as here
        LongSupplier packed = raw instanceof InputStreamStatistics statistics
            ? statistics::getCompressedCount : entry::getCompressedSize;
        ArchiveEntryInput data = new ArchiveEntryInput(raw, level, packed, budget, entryPath);
        files.examine(entryPath, entry.getSize(), data, depth, budget, out);
      }
    } catch (SourceFailure e) {
      if (!e.isFrom(level)) {
        throw e;
      }
      ArchiveExaminer.unreadable(path, out);
    } catch (LimitExceeded e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // this entry's data is broken; the directory still leads to the others
      ArchiveExaminer.unreadable(path, out);
    }
  }
}
