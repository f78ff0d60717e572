package dev.paas.core.check.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/**
 * Walks a zip-format archive (jar, war, ear, zip) entry by entry as a stream, handing each entry
 * to the file examiner, which comes back here for nested archives. Streaming keeps memory to one
 * text file's cap however large the archive; the {@link ArchiveBudget} keeps time bounded.
 */
final class ArchiveExaminer {
  private final FileExaminer files;

  ArchiveExaminer(FileExaminer files) {
    this.files = files;
  }

  /**
   * Examines the archive at {@code path} read from {@code in}. Bad data is reported, not thrown;
   * only a {@link SourceFailure} of an enclosing level escapes.
   *
   * @param budget null for an archive in the layer, which starts its own
   */
  void examine(String path, InputStream in, int depth, ArchiveBudget budget, MatchList out)
      throws IOException {
    if (budget == null) {
      ArchiveBudget own = new ArchiveBudget(files.limits());
      try {
        walk(path, in, depth, own, out);
      } catch (LimitExceeded e) {
        out.addProblem("archive-limit", "an archive not examined whole: " + e.limit() + " in "
            + e.archive(), e.archive(), e.limit());
      }
    } else {
      walk(path, in, depth, budget, out);
    }
  }

  private void walk(String path, InputStream in, int depth, ArchiveBudget budget, MatchList out)
      throws IOException {
    budget.depth(depth, path);
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
        ArchiveEntryInput data = new ArchiveEntryInput(zip, level, compressed, budget, entryPath);
        files.examine(entryPath, entry.getSize(), data, depth, budget, out);
        if (mustInflateToSkip(entry)) {
          data.drain(scratch);
        }
      }
    } catch (SourceFailure e) {
      if (!e.isFrom(level)) {
        throw e;
      }
      unreadable(path, out);
    } catch (IOException | RuntimeException e) {
      if (e instanceof LimitExceeded limit) {
        throw limit;
      }
      // a truncated or malformed archive, or one the reader cannot parse
      unreadable(path, out);
    }
  }

  /**
   * Whether the reader can reach the next entry only by inflating this one. When the local header
   * gives the compressed size, it skips the compressed bytes, which costs no inflation and so
   * needs no metering; otherwise the rest is read here, through the meter, so that a bomb cannot
   * hide from the limits by not being read.
   */
  private static boolean mustInflateToSkip(ZipArchiveEntry entry) {
    return entry.getCompressedSize() < 0 || entry.getGeneralPurposeBit().usesDataDescriptor();
  }

  private static void unreadable(String path, MatchList out) {
    out.addProblem("archive-unreadable", "an archive that is malformed or truncated", path,
        "unreadable");
  }
}
