package dev.paas.core.check.vuln.osv;

import dev.paas.core.check.vuln.version.VersionScheme;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Test-only version schemes, standing in for the real dpkg/rpm/apk/maven ones: Maven's {@link
 * ComparableVersion}, and for the others a plain order of number and text runs.
 */
final class TestSchemes {
  private TestSchemes() {}

  /** Maven's own order. */
  static final VersionScheme MAVEN =
      (a, b) -> new ComparableVersion(a).compareTo(new ComparableVersion(b));

  /** Runs of digits compared as numbers, other runs as text; a shorter prefix is older. */
  static final VersionScheme NUMERIC = TestSchemes::numeric;

  /** The lookup the matcher takes: Maven for {@code Maven}, {@link #NUMERIC} for the others. */
  static final Function<String, Optional<VersionScheme>> LOOKUP =
      ecosystem -> Optional.of(ecosystem.equals("Maven") ? MAVEN : NUMERIC);

  private static int numeric(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      boolean da = Character.isDigit(a.charAt(i));
      boolean db = Character.isDigit(b.charAt(j));
      int ei = run(a, i, da);
      int ej = run(b, j, db);
      String x = a.substring(i, ei);
      String y = b.substring(j, ej);
      int c;
      if (da && db) {
        c = new BigInteger(x).compareTo(new BigInteger(y));
      } else if (da != db) {
        c = da ? 1 : -1;
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
      i = ei;
      j = ej;
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int run(String s, int from, boolean digits) {
    int end = from;
    while (end < s.length() && Character.isDigit(s.charAt(end)) == digits) {
      end++;
    }
    return end;
  }
}
