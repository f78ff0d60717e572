package dev.paas.core.check.secrets;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a rule file: TOML in gitleaks' shape ({@code [[rules]]} with {@code id}, {@code
 * description}, {@code regex}, {@code secretGroup}, {@code entropy}, {@code keywords}, {@code path}
 * and {@code [[rules.allowlists]]}; a global {@code [allowlist]}; {@code [extend] disabledRules}),
 * so a platform's gitleaks configuration reads as it is, plus this plugin's keys {@code severity},
 * {@code kind}, {@code scope} and {@code detector}. Every pattern must compile in RE2's linear-time
 * dialect: a rule that needs backreferences or lookaround is refused, with its id.
 */
final class RuleFile {
  private RuleFile() {}

  /** What a rule file holds. */
  record Contents(List<SecretRule> rules, List<RuleAllowList> allowLists, Set<String> disabled) {}

  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
  private static final List<String> TOP =
      List.of("title", "description", "minVersion", "rules", "allowlist", "allowlists", "extend");
  private static final List<String> RULE_KEYS =
      List.of(
          "id",
          "description",
          "title",
          "severity",
          "kind",
          "regex",
          "secretGroup",
          "entropy",
          "keywords",
          "path",
          "tags",
          "scope",
          "detector",
          "allowlist",
          "allowlists");
  private static final List<String> ALLOW_KEYS =
      List.of(
          "description", "condition", "commits", "paths", "regexTarget", "regexes", "stopwords");
  private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
  private static final List<String> DETECTORS =
      List.of("private-key", "generic-secret", "connection-string", "credential-file", "keystore");

  /** Bounds what a hostile file can make every scan do. */
  static final int MAX_RULES = 1000;

  private static final int MAX_KEYWORDS = 64;
  private static final int MAX_KEYWORD_CHARS = 64;

  /**
   * Reads a platform's rule file, {@code text}, named {@code source} in messages: untrusted, so
   * every pattern is compiled, bounded and probed now.
   */
  static Contents read(String text, String source) throws InvalidSecretRules {
    return read(text, source, false);
  }

  /**
   * Reads this plugin's own rule file. Its patterns are compiled when first needed and not probed
   * here: the build's tests hold every built-in rule to what {@link #read(String, String)} asks.
   */
  static Contents readBuiltin(String text, String source) throws InvalidSecretRules {
    return read(text, source, true);
  }

  private static Contents read(String text, String source, boolean trusted)
      throws InvalidSecretRules {
    Map<String, Object> root;
    try {
      root = TomlReader.read(text);
    } catch (TomlReader.Invalid e) {
      throw new InvalidSecretRules(source + ", " + e.getMessage());
    }
    unknownKeys(root, TOP, source + ": the top level");
    List<SecretRule> rules = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Map<String, Object> table : tables(root.get("rules"), source + ": 'rules'")) {
      SecretRule rule = rule(table, source, trusted);
      if (!ids.add(rule.id())) {
        throw new InvalidSecretRules(source + ": the rule id '" + rule.id() + "' is given twice");
      }
      rules.add(rule);
    }
    if (rules.size() > MAX_RULES) {
      throw new InvalidSecretRules(
          source
              + ": "
              + rules.size()
              + " rules, more than the "
              + MAX_RULES
              + " a rule file may have");
    }
    List<RuleAllowList> allowLists = allowLists(root, source + ": the global allow-list", trusted);
    Set<String> disabled = new LinkedHashSet<>();
    if (root.get("extend") instanceof Map<?, ?> extend) {
      disabled.addAll(strings(extend.get("disabledRules"), source + ": extend.disabledRules"));
    }
    return new Contents(rules, allowLists, disabled);
  }

  private static SecretRule rule(Map<String, Object> table, String source, boolean trusted)
      throws InvalidSecretRules {
    Object rawId = table.get("id");
    if (!(rawId instanceof String id) || !ID.matcher(id).matches()) {
      throw new InvalidSecretRules(
          source
              + ": a rule has no id, or an id that is not letters, digits, '.', "
              + "'_' and '-' ("
              + rawId
              + ")");
    }
    String where = source + ": rule '" + id + "'";
    unknownKeys(table, RULE_KEYS, where);
    String title =
        string(table.getOrDefault("title", table.getOrDefault("description", id)), where);
    String severity =
        string(table.getOrDefault("severity", "high"), where).toLowerCase(Locale.ROOT);
    if (!SEVERITIES.contains(severity)) {
      throw new InvalidSecretRules(
          where + ": severity '" + severity + "' is not one of " + SEVERITIES);
    }
    String detector = string(table.getOrDefault("detector", ""), where);
    if (!detector.isEmpty() && !DETECTORS.contains(detector)) {
      throw new InvalidSecretRules(
          where + ": detector '" + detector + "' is not one of " + DETECTORS);
    }
    List<String> keywords =
        strings(table.get("keywords"), where + "'s keywords").stream()
            .map(k -> k.toLowerCase(Locale.ROOT))
            .toList();
    if (keywords.size() > MAX_KEYWORDS
        || keywords.stream().anyMatch(k -> k.isEmpty() || k.length() > MAX_KEYWORD_CHARS)) {
      throw new InvalidSecretRules(
          where
              + ": at most "
              + MAX_KEYWORDS
              + " keywords, none empty"
              + " or longer than "
              + MAX_KEYWORD_CHARS
              + " characters");
    }
    Optional<RulePattern> regex = Optional.empty();
    if (table.containsKey("regex")) {
      String text = string(table.get("regex"), where);
      regex =
          Optional.of(
              trusted && !keywords.isEmpty()
                  ? RulePattern.deferred(text, where + "'s regex")
                  : RulePattern.compiled(text, pattern(text, where + "'s regex", trusted)));
    }
    Optional<Pattern> path =
        table.containsKey("path")
            ? Optional.of(pattern(string(table.get("path"), where), where + "'s path", trusted))
            : Optional.empty();
    if (regex.isEmpty() && path.isEmpty() && detector.isEmpty()) {
      throw new InvalidSecretRules(where + ": a rule needs a regex, a path, or both");
    }
    int group = (int) number(table.getOrDefault("secretGroup", 0L), where + "'s secretGroup");
    // a built-in rule's group is checked by the build's tests, which compile it
    if (group < 0 || !trusted && regex.isPresent() && group > regex.get().pattern().groupCount()) {
      throw new InvalidSecretRules(
          where + ": secretGroup " + group + " is not a group of its regex");
    }
    double entropy = number(table.getOrDefault("entropy", 0L), where + "'s entropy");
    String scope = string(table.getOrDefault("scope", "any"), where).toUpperCase(Locale.ROOT);
    if (!scope.equals("ANY") && !scope.equals("CONFIG")) {
      throw new InvalidSecretRules(
          where + ": scope '" + scope.toLowerCase(Locale.ROOT) + "' is not 'any' or 'config'");
    }
    String kind = string(table.getOrDefault("kind", id), where);
    return new SecretRule(
        id,
        title,
        severity,
        kind,
        keywords,
        regex,
        group,
        entropy,
        path,
        SecretRule.Scope.valueOf(scope),
        detector,
        allowLists(table, where, trusted),
        source);
  }

  private static List<RuleAllowList> allowLists(
      Map<String, Object> table, String where, boolean trusted) throws InvalidSecretRules {
    List<Map<String, Object>> lists = new ArrayList<>();
    if (table.get("allowlist") != null) {
      lists.addAll(tables(List.of(table.get("allowlist")), where));
    }
    lists.addAll(tables(table.get("allowlists"), where));
    List<RuleAllowList> out = new ArrayList<>();
    for (Map<String, Object> list : lists) {
      unknownKeys(list, ALLOW_KEYS, where + "'s allow-list");
      String target =
          string(list.getOrDefault("regexTarget", "secret"), where).toUpperCase(Locale.ROOT);
      if (!List.of("SECRET", "MATCH", "LINE").contains(target)) {
        throw new InvalidSecretRules(
            where
                + ": regexTarget '"
                + target.toLowerCase(Locale.ROOT)
                + "' is not 'secret', 'match' or 'line'");
      }
      List<Pattern> regexes = new ArrayList<>();
      for (String r : strings(list.get("regexes"), where + "'s allow-list regexes")) {
        regexes.add(pattern(r, where + "'s allow-list regex", trusted));
      }
      List<Pattern> paths = new ArrayList<>();
      for (String p : strings(list.get("paths"), where + "'s allow-list paths")) {
        paths.add(pattern(p, where + "'s allow-list path", trusted));
      }
      boolean all = "AND".equalsIgnoreCase(string(list.getOrDefault("condition", "OR"), where));
      out.add(
          new RuleAllowList(
              RuleAllowList.Target.valueOf(target),
              regexes,
              strings(list.get("stopwords"), where + "'s stopwords"),
              paths,
              all));
    }
    return out;
  }

  /** A pattern compiled now: probed when {@code trusted} is false. */
  private static Pattern pattern(String regex, String where, boolean trusted)
      throws InvalidSecretRules {
    return trusted ? syntax(regex, where) : compile(regex, where);
  }

  /**
   * Compiles {@code regex} with the linear-time engine, or says which rule cannot use it. Linear
   * time is per state of the pattern, and nested counted repetitions ({@code (.{1000}){1000}}) make
   * a million states: a pattern that takes more than {@link #MAX_PROBE_MILLIS} of CPU time on a
   * probe of 1 KiB, twice (the built-in ones take well under one), is refused too.
   */
  static Pattern compile(String regex, String where) throws InvalidSecretRules {
    if (regex.length() > MAX_REGEX_CHARS) {
      throw new InvalidSecretRules(
          where
              + " has "
              + regex.length()
              + " characters, more than the "
              + MAX_REGEX_CHARS
              + " a pattern may have");
    }
    Pattern pattern = syntax(regex, where);
    // The CPU time of this thread, so that a busy build host does not refuse a good pattern; and
    // the lower of two runs, as the first may pay for compiling the engine's own code.
    long millis = probeMillis(pattern);
    if (millis > MAX_PROBE_MILLIS) {
      millis = Math.min(millis, probeMillis(pattern));
    }
    if (millis > MAX_PROBE_MILLIS) {
      throw new InvalidSecretRules(
          where
              + " is too costly: "
              + millis
              + " ms on 1 KiB of text "
              + "(nested counted repetitions multiply a pattern's states); simplify it");
    }
    return pattern;
  }

  private static long probeMillis(Pattern pattern) {
    boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
    long start = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    pattern.matcher(PROBE).find();
    long end = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    return (end - start) / 1_000_000;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static Pattern syntax(String regex, String where) throws InvalidSecretRules {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new InvalidSecretRules(
          where
              + " cannot be compiled by the linear-time engine (RE2 syntax: no "
              + "backreferences, no lookahead or lookbehind): "
              + e.getMessage());
    }
  }

  /** Gitleaks' longest pattern has about 1,500 characters. */
  private static final int MAX_REGEX_CHARS = 8 * 1024;

  private static final long MAX_PROBE_MILLIS = 250;
  private static final String PROBE = probe();

  /** Runs of the classes patterns are made of: words, upper case and digits, base64, any. */
  private static String probe() {
    String[] alphabets = {
      "abcdefghijklmnopqrstuvwxyz ",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
      null
    };
    StringBuilder text = new StringBuilder(1024);
    for (String alphabet : alphabets) {
      for (int i = 0; i < 256; i++) {
        text.append(
            alphabet == null ? (char) (' ' + i % 95) : alphabet.charAt(i * 7 % alphabet.length()));
      }
    }
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tables(Object value, String where)
      throws InvalidSecretRules {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
      throw new InvalidSecretRules(where + " must be tables ([[...]])");
    }
    return (List<Map<String, Object>>) list;
  }

  private static List<String> strings(Object value, String where) throws InvalidSecretRules {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      throw new InvalidSecretRules(where + " must be an array of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  private static String string(Object value, String where) throws InvalidSecretRules {
    if (!(value instanceof String s)) {
      throw new InvalidSecretRules(where + ": a string was expected, not " + value);
    }
    return s;
  }

  private static double number(Object value, String where) throws InvalidSecretRules {
    if (!(value instanceof Number n)) {
      throw new InvalidSecretRules(where + " must be a number, not " + value);
    }
    return n.doubleValue();
  }

  private static void unknownKeys(Map<String, Object> table, List<String> known, String where)
      throws InvalidSecretRules {
    for (String key : table.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidSecretRules(
            where + ": '" + key + "' is not a key here; the keys are " + known);
      }
    }
  }
}
