package dev.paas.core.check.vuln.osv;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One OSV advisory (https://ossf.github.io/osv-schema/), reduced to what matching and reporting
 * need.
 *
 * @param id e.g. {@code GHSA-jfh8-c2jp-5v3q}, {@code DSA-5514-1}, {@code DEBIAN-CVE-2023-4911}
 * @param aliases other ids of the same vulnerability, e.g. {@code CVE-2021-44228}
 * @param summary the one-line summary, or empty
 * @param modified when the advisory was last changed (RFC 3339, as written), or empty
 * @param severities the top-level {@code severity} ratings
 * @param databaseSeverity {@code database_specific.severity}, e.g. GitHub's {@code LOW}, {@code
 *     MODERATE}, {@code HIGH}, {@code CRITICAL}
 * @param affected the affected packages
 * @param withdrawn when it was withdrawn, if it was: a withdrawn advisory is kept but never matches
 */
public record Advisory(
    String id,
    List<String> aliases,
    String summary,
    String modified,
    List<Severity> severities,
    Optional<String> databaseSeverity,
    List<Affected> affected,
    Optional<String> withdrawn) {

  public Advisory {
    Objects.requireNonNull(id, "id");
    aliases = List.copyOf(aliases);
    summary = summary == null ? "" : summary;
    modified = modified == null ? "" : modified;
    severities = List.copyOf(severities);
    Objects.requireNonNull(databaseSeverity, "databaseSeverity");
    affected = List.copyOf(affected);
    Objects.requireNonNull(withdrawn, "withdrawn");
  }

  /** Whether the advisory was withdrawn; such an advisory never matches. */
  public boolean isWithdrawn() {
    return withdrawn.isPresent();
  }
}
