package dev.paas.core.check.secrets;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;

/**
 * What a rule (or the whole rule set) lets through, in gitleaks' shape: values matching a pattern,
 * values containing a stop word, files under a path.
 *
 * @param target what {@code regexes} look at: the secret, the whole match or the line
 * @param regexes patterns of allowed values
 * @param stopwords words (lower case) whose presence in the secret makes it allowed
 * @param paths patterns of the paths of files whose findings are allowed
 * @param all whether every criterion given must hold (gitleaks' {@code condition = "AND"}) rather
 *     than any one
 */
public record RuleAllowList(
    Target target,
    List<Pattern> regexes,
    List<String> stopwords,
    List<Pattern> paths,
    boolean all) {

  /** What the patterns of an allow-list are matched against. */
  public enum Target {
    SECRET,
    MATCH,
    LINE
  }

  public RuleAllowList {
    regexes = List.copyOf(regexes);
    stopwords = stopwords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    paths = List.copyOf(paths);
  }

  /** Whether this list lets the finding through. */
  boolean allows(String path, String secret, String match, String line) {
    String text =
        switch (target) {
          case SECRET -> secret;
          case MATCH -> match;
          case LINE -> line;
        };
    int given = 0;
    int held = 0;
    if (!regexes.isEmpty()) {
      given++;
      held += regexes.stream().anyMatch(p -> p.matcher(text).find()) ? 1 : 0;
    }
    if (!stopwords.isEmpty()) {
      given++;
      String lower = secret.toLowerCase(Locale.ROOT);
      held += stopwords.stream().anyMatch(lower::contains) ? 1 : 0;
    }
    if (!paths.isEmpty()) {
      given++;
      held += paths.stream().anyMatch(p -> p.matcher(path).find()) ? 1 : 0;
    }
    return given > 0 && (all ? held == given : held > 0);
  }
}
