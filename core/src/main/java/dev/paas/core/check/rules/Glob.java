package dev.paas.core.check.rules;

import java.util.regex.Pattern;

/**
 * A glob over project-relative paths with {@code /} separators: {@code **} crosses directories,
 * {@code *} and {@code ?} stay within one, {@code **}{@code /} also matches no directory at all.
 *
 * @param pattern the glob as written
 * @param regex what it compiles to
 */
record Glob(String pattern, Pattern regex) {

  /** The glob {@code pattern}; a leading {@code ./} or {@code /} is ignored. */
  static Glob of(String pattern) {
    String glob = pattern.trim().replace('\\', '/');
    while (glob.startsWith("./") || glob.startsWith("/")) {
      glob = glob.substring(glob.startsWith("/") ? 1 : 2);
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (glob.startsWith("**/", i)) {
        regex.append("(?:.*/)?");
        i += 2;
      } else if (glob.startsWith("**", i)) {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new Glob(pattern, Pattern.compile(regex.toString()));
  }

  /** Whether the project-relative path (with {@code /} separators) matches. */
  boolean matches(String relativePath) {
    return regex.matcher(relativePath).matches();
  }
}
