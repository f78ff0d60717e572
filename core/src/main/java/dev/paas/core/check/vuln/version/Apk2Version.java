package dev.paas.core.check.vuln.version;

import java.util.List;

/**
 * Alpine's version order as apk-tools 2.x ({@code version.c} of 2.14, the apk of Alpine releases up
 * to 3.22; it passes apk-tools' {@code test/version.data}, {@code 6.0_pre1 < 6.0} included) applies
 * it: the same grammar as {@link ApkVersion} (apk-tools 3.x) with three differences that change
 * real comparisons.
 *
 * <ul>
 *   <li>A digit after a letter starts a further number: {@code 1.9.5p1-r1 < 1.9.5p2-r1} and {@code
 *       6.0.2p1-r0 < 6.0.2p1-r1} (3.x stops at the digit and finds both equal).
 *   <li>A number after a dot that starts with a zero is two tokens: minus the count of its leading
 *       zeros but the last, then the rest as a number ({@code 1.001 < 1.01 < 1.1}, {@code 1.09 <
 *       1.010}); 3.x compares such numbers as strings ({@code 1.09 > 1.010}).
 *   <li>There is no {@code ~hash} part, and a version that turns malformed where the other ends is
 *       the newer one ({@code 1.0-x > 1.0}); 3.x finds it the older one.
 * </ul>
 *
 * <p>Suffixes are recognised by their start ({@code _alphax} is {@code _alpha} followed by a
 * malformed rest), as apk-tools 2 does. A number of more than 18 digits, which apk-tools 2 would
 * overflow, makes the version malformed at that point.
 */
public final class Apk2Version implements VersionScheme {

  // The token kinds, in the order in which they may follow one another.
  private static final int INVALID = -1;
  private static final int DIGIT_OR_ZERO = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int REVISION_NO = 5;
  private static final int END = 6;

  /** Pre-release suffixes, oldest first: they rank below zero. */
  private static final List<String> PRE = List.of("alpha", "beta", "pre", "rc");

  /** Post-release suffixes, oldest first: they rank from zero up. */
  private static final List<String> POST = List.of("cvs", "svn", "git", "hg", "p");

  private static final int MAX_DIGITS = 18;

  /** The order; it holds no state, {@link VersionSchemes#APK_2} is the shared one. */
  public Apk2Version() {}

  @Override
  public int compare(String a, String b) {
    Cursor ca = new Cursor(a == null ? "" : a);
    Cursor cb = new Cursor(b == null ? "" : b);
    long va = 0;
    long vb = 0;
    while (ca.type == cb.type && ca.type != END && ca.type != INVALID && va == vb) {
      va = ca.take();
      vb = cb.take();
    }
    if (va != vb) {
      return va < vb ? -1 : 1;
    }
    if (ca.type == cb.type) {
      return 0; // both ended, or both turned malformed at the same point
    }
    // equal so far: the one that goes on is newer, unless it goes on with a pre-release suffix
    if (ca.type == SUFFIX && ca.suffixAhead() < 0) {
      return -1;
    }
    if (cb.type == SUFFIX && cb.suffixAhead() < 0) {
      return 1;
    }
    return ca.type > cb.type ? -1 : 1;
  }

  /** Walks one version: {@code type} is the kind of the token {@link #take} reads next. */
  private static final class Cursor {
    private final String s;
    private int pos;
    private int suffixLength;
    int type = DIGIT;

    Cursor(String s) {
      this.s = s;
    }

    /** The value of the next token, moving {@code type} on to the kind of the one after it. */
    long take() {
      if (pos >= s.length()) {
        type = END;
        return 0;
      }
      int start = pos;
      long value;
      int forced = INVALID;
      switch (type) {
        case DIGIT_OR_ZERO:
          if (s.charAt(pos) == '0') {
            // leading zeros but the last count as minus their number; the digits after them,
            // that last zero included, come next as a number of their own
            while (pos + 1 < s.length() && s.charAt(pos + 1) == '0') {
              pos++;
            }
            value = start - pos;
            forced = DIGIT;
            break;
          }
          value = number();
          break;
        case DIGIT:
        case SUFFIX_NO:
        case REVISION_NO:
          value = number();
          break;
        case LETTER:
          value = s.charAt(pos++);
          break;
        case SUFFIX:
          value = suffixAhead();
          if (type == INVALID) {
            return -1;
          }
          pos += suffixLength;
          break;
        default:
          type = INVALID;
          return -1;
      }
      if (type == INVALID) {
        return -1;
      }
      if (pos >= s.length()) {
        type = END;
      } else if (forced != INVALID) {
        type = forced;
      } else {
        next();
      }
      return value;
    }

    /** The rank of the suffix at the cursor (below zero for a pre-release), or -1 if unknown. */
    long suffixAhead() {
      for (int i = 0; i < PRE.size(); i++) {
        if (s.startsWith(PRE.get(i), pos)) {
          suffixLength = PRE.get(i).length();
          return i - PRE.size();
        }
      }
      for (int i = 0; i < POST.size(); i++) {
        if (s.startsWith(POST.get(i), pos)) {
          suffixLength = POST.get(i).length();
          return i;
        }
      }
      type = INVALID;
      return -1;
    }

    private long number() {
      int start = pos;
      long n = 0;
      while (pos < s.length() && DpkgVersion.isDigit(s.charAt(pos))) {
        n = n * 10 + (s.charAt(pos) - '0');
        pos++;
      }
      if (pos - start > MAX_DIGITS) {
        type = INVALID;
      }
      return n;
    }

    /** Reads the separator after a token and decides the next token's kind. */
    private void next() {
      char c = s.charAt(pos);
      int n;
      if (c == 0) {
        n = END;
      } else if ((type == DIGIT || type == DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
        n = LETTER;
      } else if (type == LETTER && DpkgVersion.isDigit(c)) {
        n = DIGIT;
      } else if (type == SUFFIX && DpkgVersion.isDigit(c)) {
        n = SUFFIX_NO;
      } else {
        n =
            switch (c) {
              case '.' -> DIGIT_OR_ZERO;
              case '_' -> SUFFIX;
              case '-' -> {
                if (pos + 1 < s.length() && s.charAt(pos + 1) == 'r') {
                  pos++;
                  yield REVISION_NO;
                }
                yield INVALID;
              }
              default -> INVALID;
            };
        pos++;
      }
      boolean allowedBack =
          (n == DIGIT_OR_ZERO && type == DIGIT)
              || (n == SUFFIX && type == SUFFIX_NO)
              || (n == DIGIT && type == LETTER);
      type = n < type && !allowedBack ? INVALID : n;
    }
  }

  @Override
  public String toString() {
    return "apk-tools 2";
  }
}
