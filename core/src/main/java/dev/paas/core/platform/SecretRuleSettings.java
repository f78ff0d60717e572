package dev.paas.core.platform;

import java.util.List;

/**
 * What a platform changes in the secret rules: rule files it adds (in this plugin's format or
 * gitleaks'), rule ids it turns off, paths and values (by SHA-256) it allows everywhere.
 *
 * @param ruleFiles each added rule file: where it came from and its TOML text
 * @param disabled ids of rules not to run
 * @param allowedPaths regular expressions (RE2) of file paths whose findings are dropped
 * @param allowedValueHashes SHA-256 (lower-case hex) of secret values that are not reported
 */
public record SecretRuleSettings(
    List<RuleText> ruleFiles,
    List<String> disabled,
    List<String> allowedPaths,
    List<String> allowedValueHashes) {

  /** No change: the built-in rules. */
  public static final SecretRuleSettings NONE =
      new SecretRuleSettings(List.of(), List.of(), List.of(), List.of());

  /** A rule file's text, and where it came from (for messages). */
  public record RuleText(String source, String toml) {}

  public SecretRuleSettings {
    ruleFiles = List.copyOf(ruleFiles);
    disabled = List.copyOf(disabled);
    allowedPaths = List.copyOf(allowedPaths);
    allowedValueHashes = List.copyOf(allowedValueHashes);
  }
}
