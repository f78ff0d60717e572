package dev.paas.core.check.secrets;

/**
 * Rules on file names alone (gitleaks' rules with a {@code path} and no {@code regex}, such as a
 * {@code .p12} file): the file's presence is the finding.
 */
final class PathRules {
  private PathRules() {}

  /** Reports each path-only rule that {@code path} matches. */
  static void find(SecretRules rules, String path, MatchList out) {
    for (SecretRule rule : rules.pathOnly()) {
      if (rule.path().get().matcher(path).find()) {
        out.add(rule.kind(), rule.title(), path, 0, path, "");
      }
    }
  }
}
