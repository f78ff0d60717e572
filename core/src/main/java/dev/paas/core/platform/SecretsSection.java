package dev.paas.core.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a profile's {@code secrets} section. */
final class SecretsSection {
  private static final List<String> SECRETS_KEYS =
      List.of("rules", "ruleFiles", "disable", "allow");
  private static final List<String> SECRETS_ALLOW_KEYS = List.of("paths", "values");

  private final YamlNodes nodes;
  private final KnownRules rules;

  SecretsSection(YamlNodes nodes, KnownRules rules) {
    this.nodes = nodes;
    this.rules = rules;
  }

  /**
   * The {@code secrets} section, added to the lower profile's: rule files (inline TOML, or files
   * next to the profile, in this plugin's format or gitleaks'), rule ids to turn off, paths and
   * value hashes to allow. Checked here, so a rule RE2 cannot compile fails the profile's load with
   * its id.
   */
  SecretRuleSettings secrets(Node node, SecretRuleSettings lower) {
    Map<String, Node> fields = nodes.mapping(node, "secrets", SECRETS_KEYS);
    List<SecretRuleSettings.RuleText> files = new ArrayList<>(lower.ruleFiles());
    if (fields.containsKey("rules")) {
      files.add(
          new SecretRuleSettings.RuleText(
              nodes.source() + " (secrets.rules)",
              nodes.scalar(fields.get("rules"), "secrets.rules")));
    }
    if (fields.containsKey("ruleFiles")) {
      List<Node> items = nodes.sequence(fields.get("ruleFiles"), "secrets.ruleFiles");
      for (Node item : items) {
        String file = nodes.scalar(item, "secrets.ruleFiles entry");
        files.add(new SecretRuleSettings.RuleText(file, ruleFile(item, file)));
      }
    }
    List<String> disabled = new ArrayList<>(lower.disabled());
    if (fields.containsKey("disable")) {
      disabled.addAll(nodes.strings(fields.get("disable"), "secrets.disable"));
    }
    List<String> paths = new ArrayList<>(lower.allowedPaths());
    List<String> values = new ArrayList<>(lower.allowedValueHashes());
    if (fields.containsKey("allow")) {
      Map<String, Node> allow =
          nodes.mapping(fields.get("allow"), "secrets.allow", SECRETS_ALLOW_KEYS);
      if (allow.containsKey("paths")) {
        paths.addAll(nodes.strings(allow.get("paths"), "secrets.allow.paths"));
      }
      if (allow.containsKey("values")) {
        values.addAll(nodes.strings(allow.get("values"), "secrets.allow.values"));
      }
    }
    SecretRuleSettings settings = new SecretRuleSettings(files, disabled, paths, values);
    rules
        .secretRulesProblem(settings)
        .ifPresent(
            problem -> {
              throw nodes.fail(node, problem);
            });
    return settings;
  }

  /** A rule file named by the profile: absolute, or relative to the profile's own directory. */
  private String ruleFile(Node node, String name) {
    Path path = Path.of(name);
    if (!path.isAbsolute()) {
      Path profile = Path.of(nodes.source());
      if (!profile.isAbsolute() || !Files.isRegularFile(profile)) {
        throw nodes.fail(
            node,
            "'"
                + name
                + "' is relative, but this profile is not a local file: "
                + "give the rule file's absolute path, or put its rules inline under secrets.rules");
      }
      path = profile.getParent().resolve(name);
    }
    try {
      if (!Files.isRegularFile(path)
          || Files.size(path) > 2L * rules.maxSecretRuleFileCharacters()) {
        throw nodes.fail(
            node,
            "'"
                + path
                + "' is not a readable rule file of at most "
                + rules.maxSecretRuleFileCharacters()
                + " characters");
      }
      return Files.readString(path);
    } catch (IOException | RuntimeException e) {
      if (e instanceof YamlNodes.Invalid invalid) {
        throw invalid;
      }
      throw nodes.fail(node, "cannot read the rule file '" + path + "': " + e.getMessage());
    }
  }
}
