package dev.paas.core.check.secrets;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Optional;

/**
 * One secret rule, read from a rule file (this plugin's own, a platform's, or a gitleaks
 * configuration): what it finds, the words that must be near it, the pattern that finds it and what
 * it lets through.
 *
 * @param id the stable name a profile disables it by, e.g. {@code github-pat}
 * @param title one sentence for the report, e.g. "a GitHub personal access token"
 * @param severity how bad a leak is ({@code critical}, {@code high}, {@code medium}, {@code low}),
 *     shown in the rule listing
 * @param kind what the finding's fingerprint names: several rules for one vendor's tokens share it,
 *     so waivers written before a rule was split keep applying
 * @param keywords words (any case) one of which a line must contain before the pattern runs
 * @param pattern the linear-time pattern (compiled when the rule is first woken, for a built-in
 *     one); empty for a rule that a detector in code implements, or for a rule on file names only
 * @param secretGroup the pattern's group holding the secret; 0 for the first group that took part,
 *     or the whole match where there is none
 * @param entropy the Shannon entropy (bits per character) a secret must exceed; 0 for none
 * @param path the files the rule applies to, by path; empty for every file
 * @param scope where it looks
 * @param detector for a rule implemented in code, its name (e.g. {@code private-key})
 * @param allowLists what it lets through
 * @param source the file the rule comes from, for messages
 */
public record SecretRule(
    String id,
    String title,
    String severity,
    String kind,
    List<String> keywords,
    Optional<RulePattern> pattern,
    int secretGroup,
    double entropy,
    Optional<Pattern> path,
    Scope scope,
    String detector,
    List<RuleAllowList> allowLists,
    String source) {

  /** Where a rule looks. */
  public enum Scope {
    /** Every text file, setting and history entry. */
    ANY,
    /** Configuration files (by extension), settings and history entries only. */
    CONFIG
  }

  public SecretRule {
    keywords = List.copyOf(keywords);
    allowLists = List.copyOf(allowLists);
  }

  /** Whether a detector written in code implements it, rather than its pattern. */
  public boolean isDetector() {
    return !detector.isEmpty();
  }
}
