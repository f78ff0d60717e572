package dev.paas.core.check.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The files tools keep credentials in, known by name, and where in each the credential is: a file
 * of the right name with the credential's field filled is a finding.
 */
enum CredentialFile {
  NPMRC("an npm registry credential in .npmrc"),
  GIT_CREDENTIALS("a git credential in .git-credentials"),
  NETRC("a password in a .netrc file"),
  DOCKER_CONFIG("a registry credential in a Docker config.json"),
  MAVEN_SETTINGS("a password in a Maven settings.xml"),
  PYPIRC("a password in a .pypirc file");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern NPM_AUTH =
      Pattern.compile("(?:^|:)\\s*(_authToken|_auth|_password)\\s*=\\s*(.+?)\\s*$");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("[a-zA-Z][a-zA-Z0-9+.\\-]*://[^:/\\s@]*:([^@\\s]+)@");
  private static final Pattern NETRC_PASSWORD = Pattern.compile("(?:^|\\s)password\\s+(\\S+)");
  private static final Pattern MAVEN_PASSWORD =
      Pattern.compile(
          "<(password|passphrase|master)>\\s*([^<]*?)\\s*</(?:password|passphrase|master)>");
  private static final Pattern XML_COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern PYPI_PASSWORD =
      Pattern.compile("^\\s*password\\s*[=:]\\s*(.+?)\\s*$");

  private final String description;

  CredentialFile(String description) {
    this.description = description;
  }

  /** The credential file {@code path} names, or null. */
  static CredentialFile of(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return switch (name) {
      case ".npmrc", "npmrc" -> NPMRC;
      case ".git-credentials" -> GIT_CREDENTIALS;
      case "credentials" -> path.endsWith("/git/credentials") ? GIT_CREDENTIALS : null;
      case ".netrc", "_netrc" -> NETRC;
      case "config.json" -> path.contains("/.docker/") ? DOCKER_CONFIG : null;
      case ".dockercfg", ".dockerconfigjson" -> DOCKER_CONFIG;
      case "settings.xml", "settings-security.xml" -> MAVEN_SETTINGS;
      case ".pypirc" -> PYPIRC;
      default -> null;
    };
  }

  /** Reports the credentials in {@code text}, the file's content. */
  void find(String text, String path, MatchList out) {
    if (this == DOCKER_CONFIG) {
      findDockerAuths(text, path, out);
      return;
    }
    if (this == MAVEN_SETTINGS) {
      if (!text.contains("<settings")) { // settings.xml and settings-security.xml
        return;
      }
      // Maven's own settings.xml shows <password>repopwd</password> in a comment
      text = blankComments(text);
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher m =
          switch (this) {
            case NPMRC -> NPM_AUTH.matcher(line);
            case GIT_CREDENTIALS -> URL_PASSWORD.matcher(line);
            case NETRC -> NETRC_PASSWORD.matcher(line);
            case MAVEN_SETTINGS -> MAVEN_PASSWORD.matcher(line);
            default -> PYPI_PASSWORD.matcher(line);
          };
      while (m.find()) {
        String value = SecretValue.unquote(m.group(m.groupCount()));
        if (isFilled(value)) {
          out.add("credential-file", description, path, i + 1, value);
        }
      }
    }
  }

  /**
   * Any value a tool will send as a credential counts, however short: the file's name already says
   * what it is, so only placeholders and blanks are let through.
   */
  private static boolean isFilled(String value) {
    return !value.isEmpty()
        && !SecretValue.isPlaceholder(value)
        && !SecretValue.isDummy(value)
        && !isMavenEncrypted(value);
  }

  /** Maven's encrypted form, {@code {base64}} with optional text before it: not the secret. */
  private static boolean isMavenEncrypted(String value) {
    int open = value.lastIndexOf('{');
    return open >= 0
        && value.endsWith("}")
        && value.length() - open > 8
        && value
            .substring(open + 1, value.length() - 1)
            .chars()
            .allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=');
  }

  private void findDockerAuths(String text, String path, MatchList out) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      return; // not JSON: not a config Docker would read either
    }
    // config.json and .dockerconfigjson hold {"auths": {...}}; the old .dockercfg the map itself
    JsonNode auths = root == null ? null : root.has("auths") ? root.get("auths") : root;
    if (auths == null || !auths.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> registry = it.next();
      for (String field : new String[] {"auth", "identitytoken", "password", "registrytoken"}) {
        JsonNode value = registry.getValue().get(field);
        if (value != null && value.isTextual() && isFilled(value.asText())) {
          out.add(
              "credential-file",
              description + " for " + registry.getKey(),
              path,
              lineOf(text, value.asText()),
              value.asText());
        }
      }
    }
  }

  /** The XML text with its comments blanked out, lines kept where they were. */
  private static String blankComments(String xml) {
    Matcher comment = XML_COMMENT.matcher(xml);
    StringBuilder kept = new StringBuilder(xml.length());
    while (comment.find()) {
      comment.appendReplacement(kept, comment.group().replaceAll("[^\n]", ""));
    }
    comment.appendTail(kept);
    return kept.toString();
  }

  private static int lineOf(String text, String value) {
    int at = text.indexOf(value);
    if (at < 0) {
      return 0;
    }
    int line = 1;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
