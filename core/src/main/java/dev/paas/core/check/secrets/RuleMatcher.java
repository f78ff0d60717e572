package dev.paas.core.check.secrets;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Runs the pattern rules a line woke (by their keywords) over it, and says what each found after
 * its entropy floor, its allow-lists and the placeholder checks every rule shares.
 */
final class RuleMatcher {
  private RuleMatcher() {}

  /**
   * Reports what the woken pattern rules find in {@code line}; returns the secrets found, so the
   * generic detector can leave them to the rule that named them.
   */
  static List<String> find(
      SecretRules rules, BitSet woken, String line, String path, int lineNumber, MatchList out) {
    List<String> found = new ArrayList<>();
    List<SecretRule> all = rules.rules();
    for (int i = woken.nextSetBit(0); i >= 0; i = woken.nextSetBit(i + 1)) {
      SecretRule rule = all.get(i);
      if (rule.pattern().isEmpty()
          || rule.path().isPresent() && !rule.path().get().matcher(path).find()) {
        continue;
      }
      Matcher m = rule.pattern().get().pattern().matcher(line);
      int from = 0;
      while (from <= line.length() && m.find(from)) {
        String secret = secretOf(m, rule.secretGroup());
        // the next search starts inside this match: patterns that consume a boundary character
        // would otherwise miss a secret right after this one
        from = Math.max(m.end() - 1, m.start() + 1);
        if (secret == null || secret.isEmpty()) {
          continue;
        }
        if (rule.entropy() > 0 && SecretValue.entropy(secret) <= rule.entropy()) {
          continue;
        }
        if (SecretValue.isDummy(secret)
            || SecretValue.isPlaceholder(secret)
            || allowed(rule, path, secret, m.group(), line)) {
          continue;
        }
        found.add(secret);
        out.add(rule.kind(), rule.title(), path, lineNumber, secret);
      }
    }
    return found;
  }

  private static boolean allowed(
      SecretRule rule, String path, String secret, String match, String line) {
    for (RuleAllowList list : rule.allowLists()) {
      if (list.allows(path, secret, match, line)) {
        return true;
      }
    }
    return false;
  }

  /** Gitleaks' choice: the group asked for, else the first that took part, else the match. */
  private static String secretOf(Matcher m, int group) {
    if (group > 0) {
      return m.group(group);
    }
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null && !m.group(g).isEmpty()) {
        return m.group(g);
      }
    }
    return m.group();
  }
}
