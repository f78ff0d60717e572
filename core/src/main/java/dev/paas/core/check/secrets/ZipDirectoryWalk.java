package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveBudget;
import dev.paas.core.archive.LimitExceeded;
import dev.paas.core.archive.ZipArchives;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Visits a zip archive held in memory through its central directory: an entry whose name rules it
 * out (a class, a native library) is never inflated, which makes a jar of classes cost little more
 * than reading its directory.
 */
final class ZipDirectoryWalk {
  private final FileExaminer files;

  ZipDirectoryWalk(FileExaminer files) {
    this.files = files;
  }

  /** Visits the archive's entries; false if it has no readable central directory. */
  boolean walk(String path, byte[] bytes, int depth, ArchiveBudget budget, MatchList out)
      throws IOException {
    Optional<ZipFile> opened = ZipArchives.withCentralDirectory(bytes);
    if (opened.isEmpty()) {
      return false;
    }
    try (ZipFile zip = opened.get()) {
      ZipArchives.DistinctEntries distinct = ZipArchives.distinct(zip);
      if (distinct.repeated() > 0) {
        // one finding for the archive, however many times its directory repeats an entry
        out.addProblem(
            "archive-overlap",
            "an archive whose central directory lists "
                + distinct.repeated()
                + " entries again (a repeated name, or data another entry "
                + "overlaps): each was examined once",
            path,
            "overlapping entries");
      }
      for (ZipArchiveEntry entry : distinct.entries()) {
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

  private void examineEntry(
      ZipFile zip,
      ZipArchiveEntry entry,
      String entryPath,
      String path,
      int depth,
      ArchiveBudget budget,
      MatchList out)
      throws IOException {
    Object level = new Object();
    try {
      if (!zip.canReadEntryData(entry)) {
        return; // encrypted, or a method the reader lacks: nothing can be read, nothing reported
      }
      try (InputStream raw = zip.getInputStream(entry)) {
        ArchiveEntryInput data =
            new ArchiveEntryInput(raw, level, ZipArchives.packed(raw, entry), budget, entryPath);
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
