package dev.paas.core;

/**
 * Text from an image (a file name, a label, a value) made safe to print: every character that a
 * terminal, log viewer or code-scanning UI would act on instead of show is written as an escape, so
 * an image cannot start a new log line, recolour the console or reorder what is shown.
 */
public final class PrintableText {
  private PrintableText() {}

  /**
   * {@code text} with line breaks as {@code \n}, {@code \r}, {@code \t}, and every other control or
   * invisible character (C0, DEL, C1, U+2028/U+2029, bidirectional overrides and other format
   * characters, lone surrogates) as {@code \}{@code uXXXX}. Text without any is returned as it is,
   * and escaping twice changes nothing more.
   */
  public static String of(String text) {
    if (text == null) {
      return "";
    }
    int first = firstUnprintable(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = text.codePointAt(i);
        if (unprintable(codePoint)) {
          out.append(escape(c)).append(escape(text.charAt(i + 1)));
        } else {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c) || unprintable(c)) {
        out.append(escape(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} made printable as by {@link #of(String)}, at most {@code maxChars} long: a longer
   * one is cut, with a note of how many characters were left out (a path or value from an image can
   * be megabytes long, a report line need not be). Applying it again changes nothing.
   */
  public static String of(String text, int maxChars) {
    String printable = of(text);
    if (printable.length() <= maxChars) {
      return printable;
    }
    String note = "… (" + printable.length() + " characters in all)";
    int cut = Math.max(0, maxChars - note.length());
    if (cut > 0 && Character.isHighSurrogate(printable.charAt(cut - 1))) {
      cut--;
    }
    return printable.substring(0, cut) + note;
  }

  private static int firstUnprintable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (unprintable(text.codePointAt(i))) {
          return i;
        }
        i++;
        continue;
      }
      if (Character.isSurrogate(c) || unprintable(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean unprintable(int codePoint) {
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) {
      return true;
    }
    int type = Character.getType(codePoint);
    // FORMAT covers the bidirectional overrides and isolates, zero-width characters, U+FEFF.
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> String.format("\\u%04x", (int) c);
    };
  }
}
