package dev.paas.core.check.rules;

/**
 * Makes the Go template actions of a Helm template inert, so the literal YAML around them can be
 * read: a line holding nothing but actions becomes blank, and an action inside a line becomes a
 * placeholder scalar of the same length. Lines, columns and offsets stay those of the template.
 */
final class HelmTemplate {
  /** How a placeholder starts: a letter, so it reads as a plain scalar in any position. */
  static final char PLACEHOLDER = 'x';

  private static final char FILL = '_';

  private HelmTemplate() {}

  /** The template with its actions neutralised, as long as {@code text}. */
  static String neutralise(String text) {
    boolean[] action = actions(text);
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    while (start <= text.length()) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline;
      if (onlyActions(text, action, start, end)) {
        // Blocks such as '{{- toYaml .Values.securityContext | nindent 12 }}' produce YAML the
        // rule cannot see; blanking the line leaves the key above it empty rather than broken.
        for (int i = start; i < end; i++) {
          out.append(text.charAt(i) == '\r' ? '\r' : ' ');
        }
      } else {
        for (int i = start; i < end; i++) {
          boolean first = i == start || !action[i - 1];
          out.append(action[i] ? (first ? PLACEHOLDER : FILL) : text.charAt(i));
        }
      }
      if (newline < 0) {
        break;
      }
      out.append('\n');
      start = newline + 1;
    }
    return out.toString();
  }

  // An action runs from '{{' to the first '}}', across lines; an unclosed one is left as text,
  // so the file fails to parse and is reported rather than silently half-read.
  private static boolean[] actions(String text) {
    boolean[] action = new boolean[text.length()];
    int from = 0;
    int open;
    while ((open = text.indexOf("{{", from)) >= 0) {
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        break;
      }
      for (int i = open; i < close + 2; i++) {
        action[i] = text.charAt(i) != '\n' && text.charAt(i) != '\r';
      }
      from = close + 2;
    }
    return action;
  }

  private static boolean onlyActions(String text, boolean[] action, int start, int end) {
    boolean any = false;
    for (int i = start; i < end; i++) {
      if (action[i]) {
        any = true;
      } else if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return any;
  }
}
