package dev.paas.core.check.secrets;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;

/**
 * Secrets given a name: {@code db.password=…}, {@code password: …}, {@code "token": "…"}, {@code
 * <password>…</password>}, {@code password="…"}, and connection strings that carry a password.
 */
final class AssignmentDetector {
  private AssignmentDetector() {}

  /** Parts of a name that say its value is a secret. */
  private static final List<String> KEYWORDS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "pwd",
          "secret",
          "token",
          "api_key",
          "apikey",
          "api-key",
          "api.key",
          "access_key",
          "accesskey",
          "access-key",
          "private_key",
          "privatekey",
          "private-key",
          "credential",
          "auth_key",
          "authkey",
          "signing_key",
          "encryption_key");

  /**
   * Endings of names that hold something about a secret rather than the secret: its file, its
   * length, where to send it.
   */
  private static final List<String> NOT_A_SECRET =
      List.of(
          "file",
          "path",
          "dir",
          "directory",
          "url",
          "uri",
          "endpoint",
          "length",
          "size",
          "timeout",
          "expiry",
          "expiration",
          "expires",
          "ttl",
          "validity",
          "policy",
          "type",
          "enabled",
          "enable",
          "required",
          "header",
          "prefix",
          "suffix",
          "pattern",
          "regex",
          "algorithm",
          "encoding",
          "field",
          "param",
          "parameter",
          "name",
          "ref",
          "env",
          "location",
          "provider",
          "mode",
          "format",
          "command",
          "cmd",
          "class",
          "id",
          "store",
          "storetype",
          "count",
          "min",
          "max",
          "attempts",
          "retries",
          "age",
          "lifetime",
          "style",
          "hint",
          "prompt",
          "label",
          "chars",
          "strength",
          "hash",
          "hashing",
          "salt",
          "hashes",
          "rounds",
          "iterations",
          "reset",
          "check",
          "complexity",
          "generator",
          "source",
          "helper",
          "manager",
          "service",
          "version",
          "delay");

  private static final String NAME = "[A-Za-z0-9_.\\-\\[\\]]*";

  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "^\\s*(?:[#;!]+\\s*|//\\s*)?(?:export\\s+|set\\s+|-\\s+)?[\"']?("
              + NAME
              + ")[\"']?"
              + "\\s*(?:=|:|=>|:=)\\s*(.*?)\\s*$");

  private static final Pattern INLINE_KEY_VALUE =
      Pattern.compile(
          "(?:^|[^A-Za-z0-9_.\\-])[\"']?("
              + NAME
              + ")[\"']?\\s*[=:]\\s*"
              + "(\"[^\"]*\"|'[^']*'|[^\\s\"',;&|)]+)");

  private static final Pattern XML_ELEMENT =
      Pattern.compile("<([A-Za-z_][\\w.\\-:]*)(?:\\s[^>]*)?>([^<]+)</([A-Za-z_][\\w.\\-:]*)\\s*>");

  private static final Pattern XML_ATTRIBUTE =
      Pattern.compile("\\s([A-Za-z_][\\w.\\-:]*)\\s*=\\s*(\"[^\"]*\"|'[^']*')");

  private static final Pattern JDBC_PASSWORD =
      Pattern.compile("(?i)jdbc:[^\\s\"'<>]*?[?;&:](?:password|pwd)=([^;&\\s\"'<>]+)");

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile(
          "(?i)(?:^|[^A-Za-z0-9+.\\-])([a-z][a-z0-9+.\\-]{1,20})://([^:/\\s@\"'<>]+):([^@/\\s\"'<>]+)@"
              + "[^\\s/\"'<>@]+");

  /**
   * Reports named secrets and connection strings in one line of a configuration file, leaving out
   * the values in {@code named} (a specific rule named them already).
   */
  static void findInConfigLine(
      SecretRules rules,
      String line,
      List<String> named,
      String path,
      int lineNumber,
      MatchList out) {
    if (rules.detects("connection-string")) {
      findConnectionStrings(line, path, lineNumber, out);
    }
    if (!rules.detects("generic-secret")) {
      return;
    }
    boolean xmlish = line.indexOf('<') >= 0;
    if (xmlish) {
      Matcher element = XML_ELEMENT.matcher(line);
      while (element.find()) {
        if (element.group(1).equals(element.group(3))) {
          report(element.group(1), element.group(2), named, path, lineNumber, out);
        }
      }
      Matcher attribute = XML_ATTRIBUTE.matcher(line);
      while (attribute.find()) {
        report(attribute.group(1), attribute.group(2), named, path, lineNumber, out);
      }
    }
    Matcher kv = KEY_VALUE.matcher(line);
    if (kv.matches() && !(xmlish && kv.group(2).startsWith("<"))) {
      report(kv.group(1), valueOf(kv.group(2)), named, path, lineNumber, out);
    }
  }

  /** Reports assignments anywhere in free text such as a shell command. */
  static void findInText(
      SecretRules rules, String text, List<String> named, String path, MatchList out) {
    if (rules.detects("connection-string")) {
      findConnectionStrings(text, path, 0, out);
    }
    if (!rules.detects("generic-secret")) {
      return;
    }
    Matcher kv = INLINE_KEY_VALUE.matcher(text);
    while (kv.find()) {
      report(kv.group(1), kv.group(2), named, path, 0, out);
    }
  }

  /** Reports a setting (an environment variable, a label) whose name says it is a secret. */
  static void findInSetting(
      SecretRules rules,
      String name,
      String value,
      List<String> named,
      String where,
      MatchList out) {
    if (rules.detects("connection-string")) {
      findConnectionStrings(value, where, 0, out);
    }
    if (rules.detects("generic-secret")) {
      report(name, value, named, where, 0, out);
    }
  }

  static void findConnectionStrings(String text, String path, int line, MatchList out) {
    if (text.contains("://")) {
      Matcher url = URL_CREDENTIALS.matcher(text);
      while (url.find()) {
        String password = url.group(3);
        if (SecretValue.isPlausible(password)) {
          out.add(
              "connection-string",
              "a " + url.group(1).toLowerCase(Locale.ROOT) + " connection string with a password",
              path,
              line,
              password);
        }
      }
    }
    if (text.toLowerCase(Locale.ROOT).contains("jdbc:")) {
      Matcher jdbc = JDBC_PASSWORD.matcher(text);
      while (jdbc.find()) {
        String password = jdbc.group(1);
        if (SecretValue.isPlausible(password)) {
          out.add("connection-string", "a JDBC URL with a password", path, line, password);
        }
      }
    }
  }

  /** Whether {@code name} says its value is a secret. */
  static boolean isSecretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean keyword = false;
    for (String k : KEYWORDS) {
      if (lower.contains(k)) {
        keyword = true;
        break;
      }
    }
    if (!keyword) {
      return false;
    }
    String[] parts = name.split("[._\\-\\[\\]:]+|(?<=[a-z])(?=[A-Z])");
    String last = parts.length == 0 ? lower : parts[parts.length - 1].toLowerCase(Locale.ROOT);
    return !NOT_A_SECRET.contains(last)
        && !lower.endsWith("file")
        && !lower.endsWith("path")
        && !lower.endsWith("url")
        && !lower.endsWith("length");
  }

  private static void report(
      String name, String rawValue, List<String> named, String path, int line, MatchList out) {
    if (!isSecretName(name)) {
      return;
    }
    String value = SecretValue.unquote(rawValue);
    for (String secret : named) {
      if (secret.contains(value) || value.contains(secret)) {
        return; // a specific rule named it
      }
    }
    if (SecretValue.looksRandom(value)) {
      out.add("password", "a secret assigned to '" + name + "'", path, line, value);
    }
  }

  /** The value of a {@code key = value} line: quoted text, or the text before a comment. */
  private static String valueOf(String raw) {
    String v = raw.strip();
    if (!v.isEmpty() && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
      int close = v.indexOf(v.charAt(0), 1);
      return close > 0 ? v.substring(1, close) : v.substring(1);
    }
    if (v.startsWith("#")) {
      return "";
    }
    int comment = v.indexOf(" #");
    if (comment > 0) {
      v = v.substring(0, comment);
    }
    if (v.endsWith(",") || v.endsWith(";")) {
      v = v.substring(0, v.length() - 1);
    }
    return v.strip();
  }
}
