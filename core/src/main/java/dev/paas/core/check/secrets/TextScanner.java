package dev.paas.core.check.secrets;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * Finds secrets in the bytes of a text file. One pass of the rules' keyword automaton over the
 * bytes finds the lines worth a look; only those are decoded and given to the rules that a keyword
 * in them woke, so a file without a keyword costs a table load per byte. Every pattern is RE2
 * (linear time) and sees one line of at most {@link #MAX_LINE_BYTES} on either side of a keyword,
 * so the whole scan is linear in the file's size.
 */
final class TextScanner {
  private TextScanner() {}

  /**
   * How far on either side of a keyword a line is taken: minified files have lines of megabytes,
   * and no secret's context is wider than this.
   */
  static final int MAX_LINE_BYTES = 4 * 1024;

  /**
   * Reports the secrets in {@code text[0, length)}.
   *
   * @param config whether the file is configuration, where named secrets and connection strings are
   *     looked for too
   */
  static void scan(
      SecretRules rules, byte[] text, int length, String path, boolean config, MatchList out) {
    KeywordIndex keywords = rules.keywords(config);
    BitSet woken = new BitSet();
    int line = 1;
    int counted = 0;
    int from = 0;
    while (from < length) {
      int at = keywords.next(text, from, length);
      if (at < 0) {
        return;
      }
      int start = lineStart(text, at, Math.max(from, at - MAX_LINE_BYTES));
      int end = lineEnd(text, at, Math.min(length, at + MAX_LINE_BYTES));
      for (int i = counted; i < start; i++) {
        if (text[i] == '\n') {
          line++;
        }
      }
      counted = start;
      woken.clear();
      keywords.collect(text, start, Math.min(length, Math.max(end, at + 1)), woken);
      String lineText = new String(text, start, end - start, StandardCharsets.UTF_8);
      examineLine(rules, woken, lineText, text, end, length, path, line, config, out);
      from = Math.max(end, at) + 1;
    }
  }

  private static void examineLine(
      SecretRules rules,
      BitSet woken,
      String lineText,
      byte[] text,
      int end,
      int length,
      String path,
      int line,
      boolean config,
      MatchList out) {
    if (rules.detects("private-key") && PrivateKeyDetector.mayStart(lineText)) {
      int to = Math.min(length, end + PrivateKeyDetector.MAX_BODY_CHARS);
      String following =
          end + 1 < to ? new String(text, end + 1, to - end - 1, StandardCharsets.UTF_8) : "";
      PrivateKeyDetector.find(lineText, following, path, line, out);
    }
    List<String> named = RuleMatcher.find(rules, woken, lineText, path, line, out);
    if (config) {
      AssignmentDetector.findInConfigLine(rules, lineText, named, path, line, out);
    }
  }

  private static int lineStart(byte[] text, int at, int floor) {
    int i = at;
    while (i > floor && text[i - 1] != '\n') {
      i--;
    }
    return i;
  }

  private static int lineEnd(byte[] text, int at, int ceiling) {
    int i = at;
    while (i < ceiling && text[i] != '\n') {
      i++;
    }
    if (i > at && i <= ceiling && i > 0 && text[i - 1] == '\r') {
      return i - 1;
    }
    return i;
  }
}
