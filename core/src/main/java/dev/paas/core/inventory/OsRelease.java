package dev.paas.core.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operating system an image says it is, from {@code /etc/os-release} (or {@code
 * /usr/lib/os-release}).
 *
 * @param id e.g. {@code debian}, {@code alpine}, {@code rhel}, {@code rocky}
 * @param versionId e.g. {@code 12}, {@code 3.19.1}, {@code 9.4}; empty where not given (Debian
 *     testing)
 * @param versionCodename e.g. {@code bookworm}, or empty
 * @param prettyName e.g. {@code Debian GNU/Linux 12 (bookworm)}, or empty
 * @param idLike the {@code ID_LIKE} words, e.g. {@code [rhel, centos, fedora]}
 */
public record OsRelease(
    String id, String versionId, String versionCodename, String prettyName, List<String> idLike) {

  public OsRelease {
    idLike = List.copyOf(idLike);
  }

  /**
   * Reads an os-release(5) file: {@code KEY=value} lines, values bare or in double quotes (with
   * backslash escapes) or single quotes; {@code #} comments and blank lines are skipped, and so are
   * lines that are not assignments. Keys it does not name are empty strings.
   *
   * @param content the file's text
   * @return the release it names; never null
   */
  public static OsRelease parse(String content) {
    Map<String, String> values = new HashMap<>();
    for (String raw : content.split("\r?\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      values.put(key, unquote(line.substring(eq + 1).strip()));
    }
    List<String> idLike = new ArrayList<>();
    for (String word : values.getOrDefault("ID_LIKE", "").strip().split("\\s+")) {
      if (!word.isEmpty()) {
        idLike.add(word);
      }
    }
    return new OsRelease(
        values.getOrDefault("ID", ""),
        values.getOrDefault("VERSION_ID", ""),
        values.getOrDefault("VERSION_CODENAME", ""),
        values.getOrDefault("PRETTY_NAME", ""),
        idLike);
  }

  /** A shell-style value: quoted parts joined, backslash escapes honoured outside single quotes. */
  private static String unquote(String value) {
    StringBuilder out = new StringBuilder(value.length());
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          out.append(c);
        }
      } else if (c == '\\' && i + 1 < value.length()) {
        out.append(value.charAt(++i));
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          out.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(value.charAt(i - 1)))) {
        break;
      } else {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
