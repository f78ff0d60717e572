package dev.paas.core.check.vuln.osv;

import java.util.Objects;

/**
 * One severity rating of an OSV advisory or of one of its affected packages.
 *
 * @param type the scale: {@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4} or {@code Ubuntu} (a
 *     newer scale is kept as written)
 * @param score the rating on that scale: a CVSS vector, or Ubuntu's priority word
 */
public record Severity(String type, String score) {

  public Severity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(score, "score");
  }
}
