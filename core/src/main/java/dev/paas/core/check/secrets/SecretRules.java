package dev.paas.core.check.secrets;

import com.google.re2j.Pattern;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.SecretRuleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret rules in force: the built-in ones ({@code rules.toml}), plus the platform's, minus
 * those it turns off, with its allow-lists. Rules with patterns come first, in file order; the
 * generic detector comes last, so a value a specific rule names is never named again by it.
 */
public final class SecretRules {
  private static final String BUILTIN_RESOURCE = "rules.toml";

  /**
   * The keywords of all rules together are at most this many characters: the automaton has a state
   * (1 KiB) per character, so a hostile rule file cannot make it huge. Gitleaks' default rules have
   * about 2,000.
   */
  static final int MAX_KEYWORD_CHARACTERS = 16 * 1024;

  /** The largest rule file a platform may add. */
  public static final int MAX_FILE_CHARACTERS = TomlReader.MAX_CHARACTERS;

  private static volatile SecretRules builtin;

  private final List<SecretRule> rules;
  private final List<SecretRule> pathOnly;
  private final Set<String> detectors;
  private final List<RuleAllowList> allowLists;
  private final Set<String> allowedValueHashes;
  private final String digest;
  private final KeywordIndex anyText;
  private final KeywordIndex config;

  private SecretRules(
      List<SecretRule> rules,
      List<RuleAllowList> allowLists,
      Set<String> allowedValueHashes,
      String digest) {
    this.rules = List.copyOf(rules);
    this.allowLists = List.copyOf(allowLists);
    this.allowedValueHashes = Set.copyOf(allowedValueHashes);
    this.digest = digest;
    Set<String> names = new LinkedHashSet<>();
    List<List<String>> anyKeywords = new ArrayList<>();
    List<List<String>> configKeywords = new ArrayList<>();
    for (SecretRule rule : this.rules) {
      if (rule.isDetector()) {
        names.add(rule.detector());
      }
      boolean patterned = rule.pattern().isPresent();
      configKeywords.add(patterned || rule.isDetector() ? rule.keywords() : List.of());
      anyKeywords.add(
          (patterned || rule.isDetector()) && rule.scope() == SecretRule.Scope.ANY
              ? rule.keywords()
              : List.of());
    }
    this.detectors = Set.copyOf(names);
    this.pathOnly =
        this.rules.stream()
            .filter(r -> r.pattern().isEmpty() && !r.isDetector() && r.path().isPresent())
            .toList();
    this.anyText = new KeywordIndex(anyKeywords);
    this.config = new KeywordIndex(configKeywords);
  }

  /** The built-in rules alone, loaded once: a second thread asking meanwhile waits for them. */
  public static SecretRules builtin() {
    SecretRules rules = builtin;
    if (rules == null) {
      synchronized (SecretRules.class) {
        rules = builtin;
        if (rules == null) {
          try {
            rules = of(SecretRuleSettings.NONE);
          } catch (InvalidSecretRules e) {
            throw new IllegalStateException(
                "the built-in secret rules are invalid: " + e.getMessage(), e);
          }
          builtin = rules;
        }
      }
    }
    return rules;
  }

  /**
   * The built-in rules changed by a platform's settings.
   *
   * @throws InvalidSecretRules with a message naming the file and the rule, when a rule file is not
   *     valid TOML, a rule's pattern is not RE2, or a disabled id names no rule
   */
  public static SecretRules of(SecretRuleSettings settings) throws InvalidSecretRules {
    String builtinText = builtinText();
    List<RuleFile.Contents> files = new ArrayList<>();
    files.add(RuleFile.readBuiltin(builtinText, "the built-in secret rules"));
    StringBuilder identity = new StringBuilder(builtinText);
    for (SecretRuleSettings.RuleText text : settings.ruleFiles()) {
      files.add(RuleFile.read(text.toml(), text.source()));
      identity.append('\u0000').append(text.toml());
    }
    Map<String, SecretRule> byId = new LinkedHashMap<>();
    SecretRule generic = null;
    List<RuleAllowList> allowLists = new ArrayList<>();
    Set<String> disabled = new LinkedHashSet<>(settings.disabled());
    for (RuleFile.Contents file : files) {
      for (SecretRule rule : file.rules()) {
        if (rule.detector().equals("generic-secret")) {
          generic = rule;
        } else {
          byId.put(rule.id(), rule); // a platform's rule replaces the built-in one of that id
        }
      }
      allowLists.addAll(file.allowLists());
      disabled.addAll(file.disabled());
    }
    for (String id : settings.disabled()) {
      if (!byId.containsKey(id) && !(generic != null && generic.id().equals(id))) {
        throw new InvalidSecretRules(
            "secrets.disable names '"
                + id
                + "', which is not a secret rule"
                + " id; paas:options lists them");
      }
    }
    List<Pattern> paths = new ArrayList<>();
    for (String path : settings.allowedPaths()) {
      paths.add(RuleFile.compile(path, "secrets.allow.paths '" + path + "'"));
    }
    if (!paths.isEmpty()) {
      allowLists.add(
          new RuleAllowList(RuleAllowList.Target.SECRET, List.of(), List.of(), paths, false));
    }
    for (String hash : settings.allowedValueHashes()) {
      if (!hash.matches("[0-9a-f]{64}")) {
        throw new InvalidSecretRules(
            "secrets.allow.values '"
                + hash
                + "' is not a SHA-256 in "
                + "lower-case hex (printf %s VALUE | sha256sum)");
      }
    }
    int keywordCharacters = 0;
    for (SecretRule rule : byId.values()) {
      for (String keyword : rule.keywords()) {
        keywordCharacters += keyword.length();
      }
    }
    if (keywordCharacters > MAX_KEYWORD_CHARACTERS) {
      throw new InvalidSecretRules(
          "the secret rules' keywords have "
              + keywordCharacters
              + " characters in all, more than the "
              + MAX_KEYWORD_CHARACTERS
              + " allowed; remove "
              + "rules or keywords");
    }
    List<SecretRule> rules = new ArrayList<>();
    for (SecretRule rule : byId.values()) {
      if (!disabled.contains(rule.id())) {
        rules.add(rule);
      }
    }
    if (generic != null && !disabled.contains(generic.id())) {
      rules.add(generic);
    }
    identity
        .append('\u0000')
        .append(disabled)
        .append(settings.allowedPaths())
        .append(settings.allowedValueHashes());
    String digest = OciImage.sha256(identity.toString().getBytes(StandardCharsets.UTF_8));
    return new SecretRules(rules, allowLists, Set.copyOf(settings.allowedValueHashes()), digest);
  }

  private static String builtinText() {
    try (InputStream in = SecretRules.class.getResourceAsStream(BUILTIN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the built-in secret rules (" + BUILTIN_RESOURCE + ") are missing from the plugin");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rules in force, in the order they run. */
  public List<SecretRule> rules() {
    return rules;
  }

  /**
   * Names the rule set: a layer's cached findings are valid for the rule set that found them only.
   */
  public String digest() {
    return digest;
  }

  /** The rules on file names alone. */
  List<SecretRule> pathOnly() {
    return pathOnly;
  }

  /** Whether the detector of that name (e.g. {@code private-key}) is in force. */
  boolean detects(String detector) {
    return detectors.contains(detector);
  }

  /** The keywords of the rules for any text, or for configuration too. */
  KeywordIndex keywords(boolean config) {
    return config ? this.config : anyText;
  }

  /** Whether the rule set's allow-lists let a finding of {@code value} at {@code path} go. */
  boolean allows(String path, String value) {
    if (!allowedValueHashes.isEmpty()
        && allowedValueHashes.contains(
            OciImage.sha256(value.getBytes(StandardCharsets.UTF_8)).replace("sha256:", ""))) {
      return true;
    }
    for (RuleAllowList list : allowLists) {
      if (list.allows(path, value, value, value)) {
        return true;
      }
    }
    return false;
  }
}
