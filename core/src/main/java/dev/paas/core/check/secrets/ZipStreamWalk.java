package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveBudget;
import dev.paas.core.archive.CountingInput;
import dev.paas.core.archive.LimitExceeded;
import dev.paas.core.archive.ZipArchives;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/**
 * Walks a zip archive entry by entry as a stream, in constant memory: for archives too large to
 * hold, or whose central directory cannot be read.
 */
final class ZipStreamWalk {
  private final FileExaminer files;

  ZipStreamWalk(FileExaminer files) {
    this.files = files;
  }

  void walk(String path, InputStream in, int depth, ArchiveBudget budget, MatchList out)
      throws IOException {
    Object level = new Object();
    CountingInput compressed = new CountingInput(in);
    byte[] scratch = new byte[64 * 1024];
    try (ZipArchiveInputStream zip =
        new ZipArchiveInputStream(compressed, StandardCharsets.UTF_8.name(), true, true)) {
      ZipArchiveEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        budget.entry(path);
        if (entry.isDirectory() || !zip.canReadEntryData(entry)) {
          continue;
        }
        String entryPath = path + "!/" + entry.getName();
        long start = compressed.count();
        ArchiveEntryInput data =
            new ArchiveEntryInput(zip, level, () -> compressed.count() - start, budget, entryPath);
        files.examine(entryPath, entry.getSize(), data, depth, budget, out);
        if (ZipArchives.mustInflateToSkip(entry)) {
          data.drain(scratch);
        }
      }
    } catch (SourceFailure e) {
      if (!e.isFrom(level)) {
        throw e;
      }
      ArchiveExaminer.unreadable(path, out);
    } catch (LimitExceeded e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // a truncated or malformed archive, or one the reader cannot parse
      ArchiveExaminer.unreadable(path, out);
    }
  }
}
