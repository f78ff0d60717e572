package dev.paas.core.check.vuln;

import dev.paas.core.check.vuln.osv.Advisory;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.check.vuln.osv.Affected;
import dev.paas.core.check.vuln.osv.Severity;
import dev.paas.core.check.vuln.severity.Cvss;
import dev.paas.core.platform.Policy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How severe an advisory is, in this order: the base score of its CVSS v4 vector where it gives
 * one, else of its CVSS v3.x vector (for the package's own {@code affected} entry first, then the
 * advisory's), else the database's own rating ({@code database_specific.severity}, e.g. GitHub's
 * {@code MODERATE}; an ecosystem's urgency, e.g. Debian's or Ubuntu's), else the same from an
 * advisory in the database whose id is one of its aliases (a CVE record). Otherwise unknown.
 *
 * @param severity the rating, empty when unknown
 * @param score the CVSS base score, when computed from a vector
 * @param source what it was taken from: the vector, or e.g. {@code database_specific.severity}
 */
public record AdvisorySeverity(
    Optional<Policy.Severity> severity, Optional<Double> score, Optional<String> source) {

  static final AdvisorySeverity UNKNOWN =
      new AdvisorySeverity(Optional.empty(), Optional.empty(), Optional.empty());

  /** The severity of {@code advisory} for the affected entries {@code affected}. */
  public static AdvisorySeverity of(Advisory advisory, List<Affected> affected, AdvisoryDb db) {
    AdvisorySeverity own = own(advisory, affected);
    if (own.severity().isPresent()) {
      return own;
    }
    for (String alias : advisory.aliases()) {
      Optional<Advisory> other = db.byId(alias);
      if (other.isPresent()) {
        AdvisorySeverity aliased = own(other.get(), other.get().affected());
        if (aliased.severity().isPresent()) {
          return new AdvisorySeverity(
              aliased.severity(), aliased.score(), aliased.source().map(s -> alias + " " + s));
        }
      }
    }
    return UNKNOWN;
  }

  private static AdvisorySeverity own(Advisory advisory, List<Affected> affected) {
    for (String type : List.of("CVSS_V4", "CVSS_V3")) {
      for (Affected a : affected) {
        Optional<AdvisorySeverity> scored = scored(a.severities(), type);
        if (scored.isPresent()) {
          return scored.get();
        }
      }
      Optional<AdvisorySeverity> scored = scored(advisory.severities(), type);
      if (scored.isPresent()) {
        return scored.get();
      }
    }
    Optional<Policy.Severity> rated = advisory.databaseSeverity().flatMap(AdvisorySeverity::rating);
    if (rated.isPresent()) {
      return new AdvisorySeverity(
          rated, Optional.empty(), Optional.of("database_specific.severity"));
    }
    for (Affected a : affected) {
      Optional<Policy.Severity> urgency = a.ecosystemSeverity().flatMap(AdvisorySeverity::rating);
      if (urgency.isPresent()) {
        return new AdvisorySeverity(urgency, Optional.empty(), Optional.of("ecosystem severity"));
      }
    }
    return UNKNOWN;
  }

  private static Optional<AdvisorySeverity> scored(List<Severity> severities, String type) {
    for (Severity s : severities) {
      if (s.type().equals(type)) {
        try {
          double score = Cvss.baseScore(s.score());
          return Optional.of(
              new AdvisorySeverity(
                  rating(Cvss.rating(score)), Optional.of(score), Optional.of(s.score())));
        } catch (IllegalArgumentException e) {
          // a malformed vector says nothing; the next source may
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A rating word as databases write it: CVSS's LOW/MEDIUM/HIGH/CRITICAL, GitHub's MODERATE, Red
   * Hat's Important, Debian's unimportant, Ubuntu's negligible. NONE and unknown words are empty.
   */
  static Optional<Policy.Severity> rating(String word) {
    return switch (word.strip().toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> Optional.of(Policy.Severity.CRITICAL);
      case "HIGH", "IMPORTANT" -> Optional.of(Policy.Severity.HIGH);
      case "MEDIUM", "MODERATE" -> Optional.of(Policy.Severity.MEDIUM);
      case "LOW", "NEGLIGIBLE", "UNIMPORTANT" -> Optional.of(Policy.Severity.LOW);
      default -> Optional.empty();
    };
  }
}
