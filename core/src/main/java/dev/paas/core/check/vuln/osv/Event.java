package dev.paas.core.check.vuln.osv;

import java.util.Objects;

/**
 * One event on a range's timeline: the version where a vulnerability was introduced, fixed, last
 * seen, or where the range ends.
 *
 * @param kind what happens at {@code version}
 * @param version the version, in the range's ordering; {@code introduced "0"} means before every
 *     version and {@code limit "*"} means no limit
 */
public record Event(Kind kind, String version) {

  /** What an event says about its version. */
  public enum Kind {
    /** Affected from this version on. */
    INTRODUCED,
    /** No longer affected from this version on. */
    FIXED,
    /** Affected up to and including this version. */
    LAST_AFFECTED,
    /** Only versions below this one are in the range. */
    LIMIT
  }

  public Event {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
  }
}
