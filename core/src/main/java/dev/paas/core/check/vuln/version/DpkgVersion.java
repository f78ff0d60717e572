package dev.paas.core.check.vuln.version;

/**
 * Debian's version order, as {@code dpkg --compare-versions} applies it (Debian policy 5.6.12):
 * {@code [epoch:]upstream[-revision]}. The epoch (digits before the first colon, 0 when absent) is
 * compared as a number first; then the upstream version and the revision (after the last hyphen,
 * empty when absent) with dpkg's {@code verrevcmp}: runs of non-digits are compared character by
 * character with {@code ~} before everything, even the end of the string, and letters before other
 * characters; runs of digits are compared as numbers.
 *
 * <p>Malformed versions are still ordered: an epoch that is not a number is taken as part of the
 * upstream version, and surrounding whitespace is ignored, as dpkg does.
 */
public final class DpkgVersion implements VersionScheme {

  /** The order; it holds no state, {@link VersionSchemes#DPKG} is the shared one. */
  public DpkgVersion() {}

  @Override
  public int compare(String a, String b) {
    Parsed left = Parsed.of(a);
    Parsed right = Parsed.of(b);
    int epoch = compareNumbers(left.epoch, right.epoch);
    if (epoch != 0) {
      return epoch;
    }
    int upstream = verrevcmp(left.upstream, right.upstream);
    if (upstream != 0) {
      return upstream;
    }
    return verrevcmp(left.revision, right.revision);
  }

  /** A version split at the first colon and the last hyphen. */
  private record Parsed(String epoch, String upstream, String revision) {
    static Parsed of(String version) {
      String v = version == null ? "" : version.strip();
      String epoch = "0";
      int colon = v.indexOf(':');
      if (colon > 0 && allDigits(v, 0, colon)) {
        epoch = v.substring(0, colon);
        v = v.substring(colon + 1);
      }
      int hyphen = v.lastIndexOf('-');
      if (hyphen < 0) {
        return new Parsed(epoch, v, "");
      }
      return new Parsed(epoch, v.substring(0, hyphen), v.substring(hyphen + 1));
    }
  }

  /** dpkg's {@code verrevcmp}: alternating non-digit and digit runs. */
  static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = order(a, i);
        int bc = order(b, j);
        if (ac != bc) {
          return ac - bc;
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  /**
   * The weight of the character at {@code i}: the end and digits 0, {@code ~} lowest, letters
   * before the rest.
   */
  private static int order(String s, int i) {
    if (i >= s.length()) {
      return 0;
    }
    char c = s.charAt(i);
    if (isDigit(c)) {
      return 0;
    }
    if (isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }

  /** Compares two strings of ASCII digits as (arbitrarily large) non-negative numbers. */
  static int compareNumbers(String a, String b) {
    String x = stripZeros(a);
    String y = stripZeros(b);
    if (x.length() != y.length()) {
      return Integer.compare(x.length(), y.length());
    }
    return Integer.signum(x.compareTo(y));
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return to > from;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  @Override
  public String toString() {
    return "dpkg";
  }
}
