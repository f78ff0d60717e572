package dev.paas.core.check.secrets;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vendor tokens recognised by their shape wherever they appear in text. The shapes follow the
 * vendors' documented formats as gitleaks encodes them.
 */
final class TokenPatterns {
  private TokenPatterns() {}

  /** A token shape: its kind, its sentence, the substrings one must contain, its pattern. */
  record TokenPattern(String kind, String description, List<String> triggers, Pattern pattern,
      double minEntropy) {}

  /** The AWS secret needs the word near it: forty base64 characters alone are any hash. */
  static final List<TokenPattern> ALL = List.of(
      new TokenPattern("aws-access-key", "an AWS access key id", List.of("AKIA", "ASIA"),
          Pattern.compile("(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])"), 0),
      new TokenPattern("aws-secret-key", "an AWS secret access key",
          List.of("aws", "AWS", "Aws"),
          Pattern.compile("(?i:aws)[\\w.\\- \"']{0,30}?(?i:secret)[\\w.\\-\"']{0,30}?"
              + "\\s*(?:=|:|=>|:=|\\s)\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"), 3.5),
      new TokenPattern("github-token", "a GitHub token",
          List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
          Pattern.compile("(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,76}"
              + "|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])"), 3.0),
      new TokenPattern("gitlab-token", "a GitLab personal access token", List.of("glpat-"),
          Pattern.compile("(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_\\-]{20,300}(?:\\.[a-z0-9]{9})?)"
              + "(?![A-Za-z0-9_-])"), 3.0),
      new TokenPattern("slack-token", "a Slack token",
          List.of("xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"),
          Pattern.compile("(?<![A-Za-z0-9])(xox[abprs]-[0-9]{6,}-[A-Za-z0-9-]{8,})"), 3.0),
      new TokenPattern("slack-webhook", "a Slack incoming webhook URL",
          List.of("hooks.slack.com/"),
          Pattern.compile("((?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/"
              + "[A-Za-z0-9+/]{43,56})"), 0),
      new TokenPattern("google-api-key", "a Google API key", List.of("AIza"),
          Pattern.compile("(?<![A-Za-z0-9_-])(AIza[A-Za-z0-9_\\-]{35})(?![A-Za-z0-9_-])"), 3.0),
      new TokenPattern("stripe-key", "a Stripe live secret key", List.of("sk_live_", "rk_live_"),
          Pattern.compile("(?<![A-Za-z0-9_])((?:sk|rk)_live_[A-Za-z0-9]{10,99})(?![A-Za-z0-9])"),
          3.0),
      new TokenPattern("npm-token", "an npm access token", List.of("npm_"),
          Pattern.compile("(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])"), 3.0));

  /** The substrings whose absence rules every token out. */
  static List<String> triggers() {
    return ALL.stream().flatMap(p -> p.triggers().stream()).distinct().toList();
  }

  /** Reports every token in {@code text}. */
  static void find(String text, String path, int line, MatchList out) {
    for (TokenPattern token : ALL) {
      if (!containsAny(text, token.triggers())) {
        continue;
      }
      Matcher m = token.pattern().matcher(text);
      while (m.find()) {
        String value = m.group(1);
        if (SecretValue.entropy(value) >= token.minEntropy() && !SecretValue.isDummy(value)) {
          out.add(token.kind(), token.description(), path, line, value);
        }
      }
    }
  }

  private static boolean containsAny(String text, List<String> needles) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        return true;
      }
    }
    return false;
  }
}
