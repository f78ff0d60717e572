package dev.paas.core.check.verdict;

import dev.paas.core.PaasException;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.platform.NearestNames;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A team's accepted finding: the rule, what the finding's id (or fingerprint) is, why, and until
 * when. After its expiry date it no longer applies.
 */
public record Waiver(String rule, String id, String reason, LocalDate expires) {

  /**
   * A waiver as written in {@code <waivers>} (the {@code number}th, from 1), checked: a known rule
   * that may be waived, an id, a reason and an ISO date.
   */
  public static Waiver of(int number, String rule, String id, String reason, String expires)
      throws PaasException {
    String where = "<waivers><waiver> #" + number;
    if (blank(rule)) {
      throw new PaasException(
          where
              + " has no <rule>: name the rule it waives, one of "
              + String.join(", ", RuleCatalogue.IDS));
    }
    rule = rule.strip();
    if (!RuleCatalogue.IDS.contains(rule)) {
      throw new PaasException(
          where
              + ": '"
              + rule
              + "' is not a rule id."
              + NearestNames.suggestion(rule, RuleCatalogue.IDS)
              + " The rules are "
              + String.join(", ", RuleCatalogue.IDS));
    }
    if (RuleCatalogue.MANDATORY.contains(rule)) {
      throw new PaasException(
          where
              + ": rule "
              + rule
              + " is mandatory and cannot be waived: "
              + "build on an official base instead");
    }
    if (blank(id)) {
      throw new PaasException(
          where
              + " has no <id>: copy the finding's id from paas:check's "
              + "output (each error shows a <waiver> to paste) or from target/paas/reports/<name>.json");
    }
    if (blank(reason)) {
      throw new PaasException(
          where
              + " ("
              + rule
              + " "
              + id.strip()
              + ") has no <reason>: say "
              + "why the finding is accepted");
    }
    if (blank(expires)) {
      throw new PaasException(
          where
              + " ("
              + rule
              + " "
              + id.strip()
              + ") has no <expires>: "
              + "give the date it must be looked at again, e.g. 2027-01-31");
    }
    try {
      return new Waiver(rule, id.strip(), reason.strip(), LocalDate.parse(expires.strip()));
    } catch (DateTimeParseException e) {
      throw new PaasException(
          where
              + " ("
              + rule
              + " "
              + id.strip()
              + "): <expires>"
              + expires.strip()
              + "</expires> is not a date: write it as YYYY-MM-DD, e.g. 2027-01-31");
    }
  }

  /**
   * Whether it covers this finding: same rule, and the finding's id or fingerprint, or for a
   * vulnerability one of the advisory's aliases (a CVE id).
   */
  public boolean covers(Finding finding) {
    return rule.equals(finding.rule())
        && (id.equals(finding.id())
            || id.equals(finding.fingerprint())
            || finding.advisory().map(a -> a.aliases().contains(id)).orElse(false));
  }

  /** Whether it still applies on {@code today} (the expiry day included). */
  public boolean inForce(LocalDate today) {
    return !today.isAfter(expires);
  }

  /** How messages name it. */
  public String describe() {
    return rule + " " + id + " (\"" + reason + "\", expires " + expires + ")";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
