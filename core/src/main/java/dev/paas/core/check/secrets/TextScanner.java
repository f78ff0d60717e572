package dev.paas.core.check.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds secrets in the bytes of a text file. A byte-level pass looks for trigger substrings
 * first; only the lines around a trigger are decoded and given to the regular expressions, so a
 * file without one costs a table lookup per byte.
 */
final class TextScanner {
  private TextScanner() {}

  /**
   * How far on either side of a trigger a line is taken: minified files have lines of megabytes,
   * and no secret's context is wider than this.
   */
  static final int MAX_LINE_BYTES = 4 * 1024;

  /** Triggers for any text file: vendor tokens and PEM private keys, exact case. */
  private static final Triggers ANY_TEXT = new Triggers(anyText(), List.of("aws"));

  /** Triggers for configuration files: also the keywords of named secrets, any case. */
  private static final Triggers CONFIG = new Triggers(anyText(), configFolded());

  private static List<String> anyText() {
    List<String> exact = new ArrayList<>(TokenPatterns.triggers());
    exact.removeIf(t -> t.equalsIgnoreCase("aws"));
    exact.add(PrivateKeyDetector.TRIGGER);
    return exact;
  }

  private static List<String> configFolded() {
    List<String> folded = new ArrayList<>(AssignmentDetector.TRIGGERS);
    folded.add("aws");
    return folded;
  }

  /**
   * Reports the secrets in {@code text[0, length)}.
   *
   * @param config whether the file is configuration, where named secrets and connection strings
   *     are looked for too
   */
  static void scan(byte[] text, int length, String path, boolean config, MatchList out) {
    Triggers triggers = config ? CONFIG : ANY_TEXT;
    int line = 1;
    int counted = 0;
    int from = 0;
    while (from < length) {
      int at = triggers.next(text, from, length);
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
      String lineText = new String(text, start, end - start, StandardCharsets.UTF_8);
      examineLine(lineText, text, end, length, path, line, config, out);
      from = end + 1;
    }
  }

  private static void examineLine(String lineText, byte[] text, int end, int length, String path,
      int line, boolean config, MatchList out) {
    if (lineText.contains(PrivateKeyDetector.TRIGGER)) {
      int to = Math.min(length, end + PrivateKeyDetector.MAX_BODY_CHARS);
      String following = end + 1 < to
          ? new String(text, end + 1, to - end - 1, StandardCharsets.UTF_8) : "";
      PrivateKeyDetector.find(lineText, following, path, line, out);
    }
    TokenPatterns.find(lineText, path, line, out);
    if (config) {
      AssignmentDetector.findInConfigLine(lineText, path, line, out);
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
