package dev.paas.core.check.secrets;

import com.google.re2j.Pattern;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a value assigned to a secret-looking name is plausibly a real secret rather than a
 * placeholder, a dummy, a reference or a word.
 */
final class SecretValue {
  private SecretValue() {}

  /** Shorter values are taken for dummies: a real credential this short is rare. */
  static final int MIN_LENGTH = 6;

  /**
   * A generic value (no vendor shape vouches for it) shorter than this is a word or a setting far
   * more often than a secret.
   */
  static final int MIN_GENERIC_LENGTH = 8;

  /**
   * A value named a password longer than this is a document (a certificate, a key, a blob that
   * specific rules look at), not a password; and the checks below need not run on megabytes.
   */
  static final int MAX_GENERIC_LENGTH = 512;

  /**
   * Bits of Shannon entropy per character a generic value needs. 3.0 passes human passwords that
   * mix classes ({@code s3cr3tP4ssw0rd!} has 3.3, {@code hunter2hunter2X9} 3.1) and generated
   * tokens (4 and more), and stops words and repetitions ({@code aaaaaaaa} 0, {@code abcabcabc}
   * 1.6). A value of n characters cannot exceed log2(n), so short values are held to log2(n) − 0.5
   * instead (a 6-character value needs 2.1).
   */
  static final double ENTROPY_BITS = 3.0;

  private static final Set<String> DUMMIES =
      Set.of(
          "changeme",
          "change_me",
          "change-me",
          "changeit",
          "password",
          "passwd",
          "secret",
          "example",
          "none",
          "null",
          "nil",
          "true",
          "false",
          "undefined",
          "empty",
          "default",
          "dummy",
          "sample",
          "placeholder",
          "redacted",
          "masked",
          "hidden",
          "notset",
          "not_set",
          "unset",
          "todo",
          "fixme",
          "your_password",
          "yourpassword",
          "your-password",
          "mypassword",
          "my_password",
          "test",
          "testing",
          "admin",
          "secretkey",
          "secret_key",
          "token",
          "foobar",
          "required",
          "optional",
          "string",
          "value",
          "tomcat",
          "root",
          "guest",
          "demo",
          "qwerty",
          "letmein",
          "welcome",
          "username",
          "user",
          "manager");

  private static final String[] DUMMY_WORDS = {
    "changeme",
    "changeit",
    "password",
    "example",
    "dummy",
    "placeholder",
    "redacted",
    "secret",
    "xxxx",
    "****",
    "your",
    "sample",
    "insert",
    "replace",
    "fake"
  };

  /**
   * Words that make a value a sample wherever they are in it, for the generic rule (no vendor shape
   * vouches for the value): {@code EXAMPLE-KEY-1234}, {@code my-dummy-token-42}.
   */
  private static final String[] GENERIC_STOPWORDS = {
    "example",
    "changeme",
    "changeit",
    "placeholder",
    "dummy",
    "xxxx",
    "****",
    "redacted",
    "sample",
    "your_",
    "your-",
    "insert",
    "replace_",
    "fake",
    "lorem"
  };

  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\$\\{[^}]*}?|\\{\\d+}|\\$\\([^)]*\\)?|#\\{[^}]*}|\\{\\{.*?}}|%\\([\\w.-]+\\)[sd]|%\\{[^}]*}"
              + "|^\\$[A-Za-z_{(]|^%[A-Za-z_]\\w*%$|^<[^<>]+>$|^@[\\w.-]+@$|^\\[\\[.*]]$"
              + "|^\\{[A-Za-z_][\\w.-]*}$|^__\\w+__$|^ENC\\(|^vault:|^secret:|^arn:aws:"
              // build-time replacement tokens ($BUILD_TIME$, @token@ is above), Maven's encrypted
              // {base64} values (settings.xml), Jasypt's ENC(...)
              + "|^\\\\?\\$[A-Za-z_][A-Za-z0-9_.]*\\\\?\\$$|\\{[A-Za-z0-9+/]{8,}=*}$");

  /**
   * Names of algorithms, encodings and modes: the value of {@code password.encoder}, {@code
   * token.signing-algorithm} or {@code secret.cipher} names how, not what.
   */
  private static final Pattern ALGORITHM =
      Pattern.compile(
          "(?i)^(?:"
              + "bcrypt|scrypt|argon2(?:id|i|d)?|pbkdf2(?:with)?[\\w-]*|sha-?(?:1|224|256|384|512)(?:[/-]\\w+)*"
              + "|md5|md4|noop|plain(?:text)?|none|hmac[\\w-]*|[HRPE]S(?:256|384|512)|aes[\\w/-]*"
              + "|rsa[\\w/-]*|ecdsa[\\w-]*|ed25519|des(?:ede)?[\\w/-]*|blowfish|chacha20[\\w-]*"
              + "|base64|base32|hex|utf-?8|delegating|pbe[\\w-]*|jks|pkcs12|pkcs#?\\d+|basic|bearer|digest"
              + "|oauth2?|saml2?|ldap|kerberos|jwt|opaque|random|uuid|sha256withrsa|sha\\d+with\\w+)$");

  /**
   * A Java class name such as {@code org.example.crypto.BCryptPasswordEncoder}: code, not a secret.
   */
  private static final Pattern CLASS_NAME =
      Pattern.compile("^(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*$");

  private static final Pattern PATH =
      Pattern.compile("^(?:/|\\./|\\.\\./|~/|[A-Za-z]:\\\\|classpath\\*?:|file:|env:|ref:).*");

  /** A dotted lower-case name such as {@code spring.datasource.password}: a property reference. */
  private static final Pattern PROPERTY_REFERENCE =
      Pattern.compile("^[a-z][a-z0-9_-]*(?:\\.[a-z0-9_-]+)+$");

  private static final Pattern DIGITS = Pattern.compile("^[0-9.,:-]+$");

  /**
   * Whether {@code value} (already unquoted and trimmed) deserves a report. A value with blanks,
   * non-ASCII letters or {@code \\uXXXX} escapes in it is prose (a prompt, a comment, a translated
   * message in a resource bundle) far more often than a secret, so it is let through.
   */
  static boolean isPlausible(String value) {
    if (value.length() < MIN_LENGTH || isPlaceholder(value) || isDummy(value) || isProse(value)) {
      return false;
    }
    if (PATH.matcher(value).matches()
        || PROPERTY_REFERENCE.matcher(value).matches()
        || DIGITS.matcher(value).matches()
        || ALGORITHM.matcher(value).matches()
        || CLASS_NAME.matcher(value).matches()) {
      return false;
    }
    double needed = Math.min(ENTROPY_BITS, log2(value.length()) - 0.5);
    return entropy(value) >= needed;
  }

  /**
   * Whether a value found by the generic rule looks random enough to be a secret: long enough,
   * plausible, and made of more than letters (a word or an identifier is rarely a secret).
   */
  static boolean looksRandom(String value) {
    if (value.length() < MIN_GENERIC_LENGTH
        || value.length() > MAX_GENERIC_LENGTH
        || !isPlausible(value)) {
      return false;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (String word : GENERIC_STOPWORDS) {
      if (lower.contains(word)) {
        return false;
      }
    }
    boolean letter = false;
    boolean other = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetter(c)) {
        letter = true;
      } else {
        other = true;
      }
    }
    return letter && other;
  }

  private static boolean isProse(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || c > 127) {
        return true;
      }
    }
    return value.contains("\\u");
  }

  static boolean isPlaceholder(String value) {
    return PLACEHOLDER.matcher(value).find();
  }

  static boolean isDummy(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (DUMMIES.contains(lower) || lower.chars().distinct().count() <= 2) {
      return true;
    }
    if (lower.indexOf('|') > 0) { // "true|false": a list of choices in a comment
      for (String choice : lower.split("\\|")) {
        if (!choice.isEmpty() && !isDummy(choice) && choice.length() >= MIN_LENGTH) {
          return false;
        }
      }
      return true;
    }
    // "password123", "changeme!", "xxxx-xxxx": a dummy word with nothing unguessable around it
    for (String word : DUMMY_WORDS) {
      int at = lower.indexOf(word);
      if (at >= 0) {
        String rest = lower.substring(0, at) + lower.substring(at + word.length());
        if (rest.length() <= 4 || rest.chars().allMatch(c -> !Character.isLetter(c))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String value) {
    int[] counts = new int[128];
    Map<Character, Integer> others = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        if (others == null) {
          others = new HashMap<>();
        }
        others.merge(c, 1, Integer::sum);
      }
    }
    double n = value.length();
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        bits -= count / n * log2(count / n);
      }
    }
    if (others != null) {
      for (int count : others.values()) {
        bits -= count / n * log2(count / n);
      }
    }
    return bits;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** The value without surrounding quotes and blanks. */
  static String unquote(String raw) {
    String v = raw.strip();
    if (v.length() >= 2) {
      char first = v.charAt(0);
      char last = v.charAt(v.length() - 1);
      if ((first == '"' || first == '\'' || first == '`') && last == first) {
        return v.substring(1, v.length() - 1).strip();
      }
    }
    return v;
  }
}
