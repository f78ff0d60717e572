package dev.paas.core.check.vuln.version;

import java.util.Comparator;

/**
 * The order of one ecosystem's versions, written to that ecosystem's own rules. Comparing never
 * fails: a version that does not follow the scheme's syntax is still ordered, as the ecosystem's
 * own tool would order it.
 */
public interface VersionScheme extends Comparator<String> {
  /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
  @Override
  int compare(String a, String b);
}
