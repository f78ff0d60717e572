package dev.paas.core.check.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Finds secrets (private keys, vendor tokens, passwords, credential files, keystores with keys)
 * in an image's files, settings and history, fast enough to run on every file of every layer.
 */
public final class SecretScanner {
  private final FileExaminer files;

  public SecretScanner(ArchiveLimits limits) {
    this.files = new FileExaminer(Objects.requireNonNull(limits, "limits"));
  }

  /**
   * Examines one regular file of an image layer (or nothing, if it is not worth reading). Reads
   * only what it needs from {@code content}, never closes it, never reads more than {@code size}
   * bytes.
   *
   * @param path the file's absolute path in the image, e.g. {@code /app/config/app.properties}
   * @throws IOException only when {@code content} itself fails; bad data in the file is reported
   *     as a match ({@code archive-unreadable}) or ignored
   */
  public List<SecretMatch> scanFile(String path, long size, InputStream content)
      throws IOException {
    MatchList out = new MatchList();
    LayerFileInput in = new LayerFileInput(content, size);
    try {
      files.examine(path, size, in, 0, null, out);
    } catch (SourceFailure e) {
      if (e.isFrom(in)) {
        throw e.cause();
      }
      throw e; // cannot happen: every level catches its own
    }
    return out.toList();
  }

  /**
   * An environment variable or label: {@code where} is e.g. "Env DB_PASSWORD" or
   * "Labels api.token".
   */
  public List<SecretMatch> scanSetting(String where, String name, String value) {
    MatchList out = new MatchList();
    if (value == null || value.isBlank()) {
      return out.toList();
    }
    PrivateKeyDetector.find(value, "", where, 0, out);
    TokenPatterns.find(value, where, 0, out);
    AssignmentDetector.findInSetting(name == null ? "" : name, value, where, out);
    return out.toList();
  }

  /** Free text such as a history entry's created_by: {@code where} is e.g. "history[3]". */
  public List<SecretMatch> scanText(String where, String text) {
    MatchList out = new MatchList();
    if (text == null || text.isBlank()) {
      return out.toList();
    }
    PrivateKeyDetector.find(text, "", where, 0, out);
    TokenPatterns.find(text, where, 0, out);
    AssignmentDetector.findInText(text, where, out);
    return out.toList();
  }
}
