package dev.paas.core.check.vuln.version;

/**
 * RPM's version order, as {@code rpm} applies it to {@code [epoch:]version[-release]}: the epoch (0
 * when absent) as a number, then the versions with {@code rpmvercmp}, then the releases with {@code
 * rpmvercmp} when both versions have one (so {@code 1.0} equals both {@code 1.0-1} and {@code
 * 1.0-2}, as in rpm's own dependency matching).
 *
 * <p>{@code rpmvercmp} (rpm 4.15 and later) splits a version into runs of ASCII letters and runs of
 * digits, everything else being a separator. Digit runs compare as numbers (leading zeros dropped)
 * and are newer than letter runs; letter runs compare as strings. A {@code ~} sorts before
 * everything, even the end of the version ({@code 1.0~rc1 < 1.0}); a {@code ^} sorts after the end
 * of the version but before anything else ({@code 1.0 < 1.0^git1 < 1.0.1}).
 */
public final class RpmVersion implements VersionScheme {

  /** The order; it holds no state, {@link VersionSchemes#RPM} is the shared one. */
  public RpmVersion() {}

  @Override
  public int compare(String a, String b) {
    Evr left = Evr.of(a);
    Evr right = Evr.of(b);
    int epoch = DpkgVersion.compareNumbers(left.epoch, right.epoch);
    if (epoch != 0) {
      return epoch;
    }
    int version = rpmvercmp(left.version, right.version);
    if (version != 0 || left.release == null || right.release == null) {
      return version;
    }
    return rpmvercmp(left.release, right.release);
  }

  /** Epoch, version and release (null when absent), split as rpm's {@code parseEVR} does. */
  private record Evr(String epoch, String version, String release) {
    static Evr of(String evr) {
      String s = evr == null ? "" : evr.strip();
      int digits = 0;
      while (digits < s.length() && DpkgVersion.isDigit(s.charAt(digits))) {
        digits++;
      }
      String epoch = "0";
      String rest = s;
      if (digits < s.length() && s.charAt(digits) == ':') {
        epoch = digits == 0 ? "0" : s.substring(0, digits);
        rest = s.substring(digits + 1);
      }
      int hyphen = rest.lastIndexOf('-');
      if (hyphen < 0) {
        return new Evr(epoch, rest, null);
      }
      return new Evr(epoch, rest.substring(0, hyphen), rest.substring(hyphen + 1));
    }
  }

  /** rpm's {@code rpmvercmp} on one version or release string: -1, 0 or 1. */
  static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int one = 0;
    int two = 0;
    while (one < a.length() || two < b.length()) {
      while (one < a.length() && isSeparator(a.charAt(one))) {
        one++;
      }
      while (two < b.length() && isSeparator(b.charAt(two))) {
        two++;
      }
      char c1 = one < a.length() ? a.charAt(one) : 0;
      char c2 = two < b.length() ? b.charAt(two) : 0;
      // the tilde sorts before everything else, the end included
      if (c1 == '~' || c2 == '~') {
        if (c1 != '~') {
          return 1;
        }
        if (c2 != '~') {
          return -1;
        }
        one++;
        two++;
        continue;
      }
      // the caret sorts like the tilde, except that the end of a version sorts before it
      if (c1 == '^' || c2 == '^') {
        if (c1 == 0) {
          return -1;
        }
        if (c2 == 0) {
          return 1;
        }
        if (c1 != '^') {
          return 1;
        }
        if (c2 != '^') {
          return -1;
        }
        one++;
        two++;
        continue;
      }
      if (c1 == 0 || c2 == 0) {
        break;
      }
      int end1 = one;
      int end2 = two;
      boolean numeric = DpkgVersion.isDigit(c1);
      if (numeric) {
        while (end1 < a.length() && DpkgVersion.isDigit(a.charAt(end1))) {
          end1++;
        }
        while (end2 < b.length() && DpkgVersion.isDigit(b.charAt(end2))) {
          end2++;
        }
      } else {
        while (end1 < a.length() && DpkgVersion.isLetter(a.charAt(end1))) {
          end1++;
        }
        while (end2 < b.length() && DpkgVersion.isLetter(b.charAt(end2))) {
          end2++;
        }
      }
      if (end2 == two) {
        // segments of different kinds: numbers are newer than letters
        return numeric ? 1 : -1;
      }
      String seg1 = a.substring(one, end1);
      String seg2 = b.substring(two, end2);
      if (numeric) {
        int n = DpkgVersion.compareNumbers(seg1, seg2);
        if (n != 0) {
          return n;
        }
      } else {
        int rc = seg1.compareTo(seg2);
        if (rc != 0) {
          return rc < 0 ? -1 : 1;
        }
      }
      one = end1;
      two = end2;
    }
    if (one >= a.length() && two >= b.length()) {
      return 0;
    }
    return one >= a.length() ? -1 : 1;
  }

  /** Anything but an ASCII letter or digit, {@code ~} and {@code ^} separates segments. */
  private static boolean isSeparator(char c) {
    return !DpkgVersion.isDigit(c) && !DpkgVersion.isLetter(c) && c != '~' && c != '^';
  }

  @Override
  public String toString() {
    return "rpm";
  }
}
