package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Finds secrets (private keys, vendor tokens, passwords, credential files, keystores with keys) in
 * an image's files, settings and history, fast enough to run on every file of every layer.
 */
public final class SecretScanner {
  private final FileExaminer files;
  private final SecretRules rules;

  /** A scanner with the built-in rules. */
  public SecretScanner(ArchiveLimits limits) {
    this(limits, SecretRules.builtin());
  }

  /** A scanner with the rules in force on a platform. */
  public SecretScanner(ArchiveLimits limits, SecretRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.files = new FileExaminer(Objects.requireNonNull(limits, "limits"), rules);
  }

  /** The rules it applies. */
  public SecretRules rules() {
    return rules;
  }

  /**
   * Examines one regular file of an image layer (or nothing, if it is not worth reading). Reads
   * only what it needs from {@code content}, never closes it, never reads more than {@code size}
   * bytes.
   *
   * @param path the file's absolute path in the image, e.g. {@code /app/config/app.properties}
   * @throws IOException only when {@code content} itself fails; bad data in the file is reported as
   *     a match ({@code archive-unreadable}) or ignored
   */
  public List<SecretMatch> scanFile(String path, long size, InputStream content)
      throws IOException {
    MatchList out = new MatchList(rules);
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
   * An environment variable or label: {@code where} is e.g. "Env DB_PASSWORD" or "Labels
   * api.token".
   */
  public List<SecretMatch> scanSetting(String where, String name, String value) {
    MatchList out = new MatchList(rules);
    if (value == null || value.isBlank()) {
      return out.toList();
    }
    String text = bounded(value);
    List<String> named = findByRules(text, where, out);
    AssignmentDetector.findInSetting(rules, name == null ? "" : name, text, named, where, out);
    return out.toList();
  }

  /** Free text such as a history entry's created_by: {@code where} is e.g. "history[3]". */
  public List<SecretMatch> scanText(String where, String text) {
    MatchList out = new MatchList(rules);
    if (text == null || text.isBlank()) {
      return out.toList();
    }
    String bounded = bounded(text);
    List<String> named = findByRules(bounded, where, out);
    AssignmentDetector.findInText(rules, bounded, named, where, out);
    return out.toList();
  }

  /**
   * A configuration value is at most this long for the patterns: the config itself is bounded (4
   * MiB), but one hostile field must not cost every rule a scan of all of it. No secret's context
   * is longer.
   */
  static final int MAX_FIELD_CHARS = 64 * 1024;

  private static String bounded(String value) {
    return value.length() <= MAX_FIELD_CHARS ? value : value.substring(0, MAX_FIELD_CHARS);
  }

  /** Runs the private-key detector and the rules woken by their keywords over a setting. */
  private List<String> findByRules(String text, String where, MatchList out) {
    if (rules.detects("private-key") && PrivateKeyDetector.mayStart(text)) {
      PrivateKeyDetector.find(text, "", where, 0, out);
    }
    BitSet woken = new BitSet();
    rules.keywords(true).collect(text, woken);
    return woken.isEmpty() ? List.of() : RuleMatcher.find(rules, woken, text, where, 0, out);
  }
}
