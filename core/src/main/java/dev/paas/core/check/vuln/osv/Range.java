package dev.paas.core.check.vuln.osv;

import java.util.List;
import java.util.Objects;

/**
 * A range of affected versions, as a timeline of events in one ordering.
 *
 * @param type which ordering the events' versions follow
 * @param events the events as the advisory lists them (not necessarily sorted)
 */
public record Range(Type type, List<Event> events) {

  /** The ordering a range's versions follow. */
  public enum Type {
    /** The package ecosystem's own version order (dpkg, apk, rpm, Maven, ...). */
    ECOSYSTEM,
    /** Semantic Versioning 2.0 precedence. */
    SEMVER,
    /** Git commits: never evaluated here, images carry no commit of what they install. */
    GIT
  }

  public Range {
    Objects.requireNonNull(type, "type");
    events = List.copyOf(events);
  }
}
