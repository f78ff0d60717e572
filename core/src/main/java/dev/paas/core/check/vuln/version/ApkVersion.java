package dev.paas.core.check.vuln.version;

import java.util.List;

/**
 * Alpine's version order as apk-tools 3.x ({@code version.c}, the apk of Alpine 3.23 and later)
 * applies it to {@code digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}}: numbers compare
 * as numbers (a number after a dot that has a leading zero compares as a string), a letter after
 * the numbers compares by character, the suffixes {@code _alpha < _beta < _pre < _rc} sort before
 * the release and {@code _cvs < _svn < _git < _hg < _p} after it, and {@code -rN} is the package
 * revision.
 *
 * <p>Versions are compared token by token. Where one version ends or turns malformed while the
 * other goes on, the longer one is newer unless what follows is a pre-release suffix; two versions
 * that turn malformed at the same point compare equal, as apk does. A digit right after the letter
 * turns the version malformed: {@code 1.9.5p1-r1} and {@code 1.9.5p2-r1} compare equal here, where
 * apk-tools 2 ({@link Apk2Version}) reads a further number.
 */
public final class ApkVersion implements VersionScheme {

  private static final int INITIAL_DIGIT = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int COMMIT_HASH = 5;
  private static final int REVISION_NO = 6;
  private static final int END = 7;
  private static final int INVALID = 8;

  /** Suffix ranks: the empty name stands for "no suffix", between pre- and post-release. */
  private static final List<String> SUFFIXES =
      List.of("alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");

  private static final int SUFFIX_NONE = SUFFIXES.indexOf("");

  /** The order; it holds no state, {@link VersionSchemes#APK_3} is the shared one. */
  public ApkVersion() {}

  @Override
  public int compare(String a, String b) {
    Tokens ta = new Tokens(a == null ? "" : a);
    Tokens tb = new Tokens(b == null ? "" : b);
    ta.first();
    tb.first();
    while (ta.token == tb.token && ta.token < END) {
      int r = tokenCompare(ta, tb);
      if (r != 0) {
        return r;
      }
      ta.next();
      tb.next();
    }
    if (ta.token == tb.token) {
      return 0;
    }
    if (ta.token == SUFFIX && ta.suffix < SUFFIX_NONE) {
      return -1;
    }
    if (tb.token == SUFFIX && tb.suffix < SUFFIX_NONE) {
      return 1;
    }
    return ta.token > tb.token ? -1 : 1;
  }

  private static int tokenCompare(Tokens ta, Tokens tb) {
    switch (ta.token) {
      case DIGIT:
        if (ta.value.charAt(0) == '0' || tb.value.charAt(0) == '0') {
          return blobSort(ta.value, tb.value);
        }
        return Long.signum(Long.compareUnsigned(ta.number, tb.number));
      case INITIAL_DIGIT:
      case SUFFIX_NO:
      case REVISION_NO:
        return Long.signum(Long.compareUnsigned(ta.number, tb.number));
      case LETTER:
        return Integer.signum(ta.value.charAt(0) - tb.value.charAt(0));
      case SUFFIX:
        return Integer.signum(ta.suffix - tb.suffix);
      default:
        return blobSort(ta.value, tb.value);
    }
  }

  /** apk's {@code apk_blob_sort}: bytes first, then the shorter one first. */
  private static int blobSort(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return a.charAt(i) < b.charAt(i) ? -1 : 1;
      }
    }
    return Integer.signum(a.length() - b.length());
  }

  /** apk's {@code token_state}: walks one version string a token at a time. */
  private static final class Tokens {
    private final String s;
    private int pos;
    int token;
    int suffix;
    long number;
    String value = "";

    Tokens(String s) {
      this.s = s;
    }

    void first() {
      token = INITIAL_DIGIT;
      parseDigits();
    }

    private void parseDigits() {
      int start = pos;
      long n = 0;
      while (pos < s.length() && DpkgVersion.isDigit(s.charAt(pos))) {
        n = n * 10 + (s.charAt(pos) - '0');
        pos++;
      }
      number = n;
      value = s.substring(start, pos);
      if (value.isEmpty()) {
        token = INVALID;
      }
    }

    void next() {
      if (pos >= s.length()) {
        token = END;
        return;
      }
      char c = s.charAt(pos);
      if (c >= 'a' && c <= 'z') {
        if (token > DIGIT) {
          token = INVALID;
          return;
        }
        value = String.valueOf(c);
        token = LETTER;
        pos++;
      } else if (c == '.' || DpkgVersion.isDigit(c)) {
        if (c == '.') {
          if (token > DIGIT) {
            token = INVALID;
            return;
          }
          pos++;
        }
        if (token == INITIAL_DIGIT || token == DIGIT) {
          token = DIGIT;
        } else if (token == SUFFIX) {
          token = SUFFIX_NO;
        } else {
          token = INVALID;
          return;
        }
        parseDigits();
      } else if (c == '_') {
        if (token > SUFFIX_NO) {
          token = INVALID;
          return;
        }
        pos++;
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= 'a' && s.charAt(pos) <= 'z') {
          pos++;
        }
        value = s.substring(start, pos);
        int rank = value.isEmpty() ? -1 : SUFFIXES.indexOf(value);
        if (rank < 0) {
          token = INVALID;
          return;
        }
        suffix = rank;
        token = SUFFIX;
      } else if (c == '~') {
        if (token >= COMMIT_HASH) {
          token = INVALID;
          return;
        }
        pos++;
        int start = pos;
        while (pos < s.length() && isHex(s.charAt(pos))) {
          pos++;
        }
        value = s.substring(start, pos);
        token = value.isEmpty() ? INVALID : COMMIT_HASH;
      } else if (c == '-') {
        if (token >= REVISION_NO || !s.startsWith("-r", pos)) {
          token = INVALID;
          return;
        }
        pos += 2;
        token = REVISION_NO;
        parseDigits();
      } else {
        token = INVALID;
      }
    }

    private static boolean isHex(char c) {
      return DpkgVersion.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
  }

  @Override
  public String toString() {
    return "apk-tools 3";
  }
}
