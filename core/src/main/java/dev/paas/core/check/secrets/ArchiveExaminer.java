package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveBudget;
import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.archive.LimitExceeded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Examines a zip-format archive (jar, war, ear, zip) and the archives nested in it, within one
 * {@link ArchiveBudget}: an archive small enough is read into memory and visited through its
 * central directory, so entries that cannot hold a secret (classes) are never inflated; a larger
 * one, or one without a readable directory, is walked as a stream.
 */
final class ArchiveExaminer {
  /**
   * Archives up to this size are held in memory: most application jars, and Spring Boot's nested
   * jars. At most one per nesting level is held, so memory stays under this times {@link
   * ArchiveLimits#maxDepth()}.
   */
  static final int MAX_IN_MEMORY_BYTES = 64 << 20;

  private final ZipDirectoryWalk directory;
  private final ZipStreamWalk stream;

  ArchiveExaminer(FileExaminer files) {
    this.directory = new ZipDirectoryWalk(files);
    this.stream = new ZipStreamWalk(files);
  }

  /**
   * Examines the archive at {@code path} read from {@code in}. Bad data is reported, not thrown;
   * only a {@link SourceFailure} of an enclosing level escapes.
   *
   * @param size the archive's size, or -1 where it is not known
   * @param budget null for an archive in a layer, which starts its own
   */
  void examine(
      String path,
      long size,
      InputStream in,
      int depth,
      ArchiveBudget budget,
      MatchList out,
      ArchiveLimits limits)
      throws IOException {
    if (budget != null) {
      dispatch(path, size, in, depth, budget, out);
      return;
    }
    try {
      dispatch(path, size, in, depth, new ArchiveBudget(limits), out);
    } catch (LimitExceeded e) {
      out.addProblem(
          "archive-limit",
          "an archive not examined whole: " + e.limit() + " in " + e.archive(),
          e.archive(),
          e.limit());
    }
  }

  private void dispatch(
      String path, long size, InputStream in, int depth, ArchiveBudget budget, MatchList out)
      throws IOException {
    budget.depth(depth, path);
    if (size < 0 || size > MAX_IN_MEMORY_BYTES) {
      stream.walk(path, in, depth, budget, out);
      return;
    }
    byte[] bytes = in.readNBytes((int) size);
    if (!directory.walk(path, bytes, depth, budget, out)) {
      // no central directory (a truncated file, say): the stream still reaches the entries before
      stream.walk(path, new ByteArrayInputStream(bytes), depth, budget, out);
    }
  }

  static void unreadable(String path, MatchList out) {
    out.addProblem(
        "archive-unreadable", "an archive that is malformed or truncated", path, "unreadable");
  }
}
