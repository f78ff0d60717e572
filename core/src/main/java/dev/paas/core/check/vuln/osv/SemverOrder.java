package dev.paas.core.check.vuln.osv;

import java.util.Comparator;

/**
 * Semantic Versioning 2.0 precedence (https://semver.org/#spec-item-11), for OSV's {@code SEMVER}
 * ranges: {@code major.minor.patch} compared numerically, a pre-release ({@code -alpha.1}) below
 * its release and compared identifier by identifier (numeric ones numerically and below
 * alphanumeric ones, a shorter list below a longer one it starts), build metadata ({@code +build})
 * ignored.
 *
 * <p>It never fails: a leading {@code v} is dropped, missing {@code minor} or {@code patch} count
 * as 0, more than three core parts are compared in turn, and a core part that is not a number is
 * compared as a pre-release identifier would be.
 */
public final class SemverOrder implements Comparator<String> {
  /** The one instance. */
  public static final SemverOrder INSTANCE = new SemverOrder();

  private SemverOrder() {}

  @Override
  public int compare(String a, String b) {
    String va = strip(a);
    String vb = strip(b);
    int preA = va.indexOf('-');
    int preB = vb.indexOf('-');
    String coreA = preA < 0 ? va : va.substring(0, preA);
    String coreB = preB < 0 ? vb : vb.substring(0, preB);
    String[] partsA = coreA.split("\\.", -1);
    String[] partsB = coreB.split("\\.", -1);
    int n = Math.max(Math.max(partsA.length, partsB.length), 3);
    for (int i = 0; i < n; i++) {
      String x = i < partsA.length && !partsA[i].isEmpty() ? partsA[i] : "0";
      String y = i < partsB.length && !partsB[i].isEmpty() ? partsB[i] : "0";
      int c = identifier(x, y);
      if (c != 0) {
        return c;
      }
    }
    if (preA < 0 || preB < 0) {
      return preA < 0 ? (preB < 0 ? 0 : 1) : -1;
    }
    String[] idsA = va.substring(preA + 1).split("\\.", -1);
    String[] idsB = vb.substring(preB + 1).split("\\.", -1);
    for (int i = 0; i < Math.min(idsA.length, idsB.length); i++) {
      int c = identifier(idsA[i], idsB[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(idsA.length, idsB.length);
  }

  private static String strip(String v) {
    String s = v.strip();
    if (s.startsWith("v") || s.startsWith("V")) {
      s = s.substring(1);
    }
    int plus = s.indexOf('+');
    return plus < 0 ? s : s.substring(0, plus);
  }

  private static int identifier(String x, String y) {
    boolean nx = numeric(x);
    boolean ny = numeric(y);
    if (nx && ny) {
      String tx = trimZeros(x);
      String ty = trimZeros(y);
      return tx.length() != ty.length()
          ? Integer.compare(tx.length(), ty.length())
          : Integer.signum(tx.compareTo(ty));
    }
    if (nx != ny) {
      return nx ? -1 : 1;
    }
    return Integer.signum(x.compareTo(y));
  }

  private static boolean numeric(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String trimZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
