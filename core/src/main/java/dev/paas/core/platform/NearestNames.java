package dev.paas.core.platform;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the known names closest to a misspelt one. */
public final class NearestNames {
  private NearestNames() {}

  /**
   * The known names at most a third of their length (and at least 2 edits) away from {@code name},
   * nearest first, at most 3.
   */
  public static List<String> to(String name, Collection<String> known) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return known.stream()
        .filter(
            k ->
                distance(wanted, k.toLowerCase(Locale.ROOT)) <= Math.max(2, k.length() / 3)
                    || k.toLowerCase(Locale.ROOT).startsWith(wanted) && !wanted.isEmpty())
        .sorted(
            Comparator.comparingInt((String k) -> distance(wanted, k.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()))
        .limit(3)
        .toList();
  }

  /** {@code " Did you mean 'a' or 'b'?"}, or nothing when no known name is near. */
  public static String suggestion(String name, Collection<String> known) {
    List<String> near = to(name, known);
    if (near.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" Did you mean ");
    for (int i = 0; i < near.size(); i++) {
      text.append(i == 0 ? "" : i == near.size() - 1 ? " or " : ", ")
          .append('\'')
          .append(near.get(i))
          .append('\'');
    }
    return text.append('?').toString();
  }

  // Optimal string alignment distance: a swap of two neighbours counts as one edit.
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
