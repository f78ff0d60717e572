package dev.paas.core.check.secrets;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A secret rule's regex and its RE2 pattern. A platform's rule is compiled, bounded and probed as
 * its file is read ({@link RuleFile#compile}), so a bad one fails the build at once with its name.
 * A built-in rule, which the build's own tests compile and probe ({@code BuiltinSecretRulesTest}),
 * is compiled the first time a line wakes it: a check that meets few of the ~140 rules' keywords
 * does not pay for the rest.
 */
public final class RulePattern {
  private final String regex;
  private final String where;
  private volatile Pattern compiled;

  private RulePattern(String regex, String where, Pattern compiled) {
    this.regex = regex;
    this.where = where;
    this.compiled = compiled;
  }

  /** A pattern already compiled and checked. */
  static RulePattern compiled(String regex, Pattern pattern) {
    return new RulePattern(regex, "", pattern);
  }

  /** A trusted regex, compiled on first use; {@code where} names it if it cannot be. */
  static RulePattern deferred(String regex, String where) {
    return new RulePattern(regex, where, null);
  }

  /** The regex as the rule file gives it. */
  public String regex() {
    return regex;
  }

  /** The compiled pattern: compiled once, by whichever scanning thread needs it first. */
  Pattern pattern() {
    Pattern pattern = compiled;
    if (pattern == null) {
      synchronized (this) {
        pattern = compiled;
        if (pattern == null) {
          try {
            pattern = Pattern.compile(regex);
          } catch (PatternSyntaxException e) {
            throw new IllegalStateException(where + " is not RE2: " + e.getMessage(), e);
          }
          compiled = pattern;
        }
      }
    }
    return pattern;
  }

  /** Whether it has been compiled yet. */
  boolean isCompiled() {
    return compiled != null;
  }

  @Override
  public String toString() {
    return regex;
  }
}
