package dev.paas.core.check.secrets;

import dev.paas.core.check.finding.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The matches of one scan, each built with its redaction and fingerprint. The same value at the
 * same place is reported once: the first, most specific detector to find it names it.
 */
final class MatchList {
  private final List<SecretMatch> matches = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final SecretRules rules;

  /**
   * @param rules whose allow-lists (paths, values) drop what they allow
   */
  MatchList(SecretRules rules) {
    this.rules = rules;
  }

  /** Adds a secret value found at {@code path}:{@code line}, redacted as usual. */
  void add(String kind, String description, String path, int line, String value) {
    add(kind, description, path, line, value, Redaction.of(value));
  }

  void add(String kind, String description, String path, int line, String value, String redacted) {
    if (!rules.allows(path, value)) {
      record(kind, description, path, line, value, redacted);
    }
  }

  private void record(
      String kind, String description, String path, int line, String value, String redacted) {
    if (seen.add(path + '\u0000' + line + '\u0000' + value)) {
      matches.add(
          new SecretMatch(
              kind,
              description,
              path,
              line,
              redacted,
              Finding.fingerprint("secrets", kind, path, value)));
    }
  }

  /** Adds a match about a file rather than a value in it, e.g. an archive over a limit. */
  void addProblem(String kind, String description, String path, String what) {
    record(kind, description, path, 0, what, "");
  }

  boolean isEmpty() {
    return matches.isEmpty();
  }

  List<SecretMatch> toList() {
    return List.copyOf(matches);
  }
}
