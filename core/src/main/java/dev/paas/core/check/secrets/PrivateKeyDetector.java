package dev.paas.core.check.secrets;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Map;

/**
 * PEM-armoured private keys of every flavour. A header alone is not enough: a real key has a base64
 * body and its END line, which keeps documentation that shows the header out.
 */
final class PrivateKeyDetector {
  private PrivateKeyDetector() {}

  /** Every key's header contains it; public keys and certificates never do. */
  static final String TRIGGER = "PRIVATE KEY";

  /** A PEM body is a few KiB at most; looking further for the END line is wasted. */
  static final int MAX_BODY_CHARS = 64 * 1024;

  /** Shorter bodies are elisions such as "..." in examples; the smallest real key is longer. */
  private static final int MIN_BODY_CHARS = 64;

  /**
   * A one-line key whose END line was lost (cut by a tool, or beyond the line's window) still
   * counts when this much base64 follows its header on the line: no elision is that long.
   */
  private static final int MIN_UNTERMINATED_BODY_CHARS = 256;

  private static final Pattern HEADER =
      Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----");

  private static final Pattern NOT_BODY = Pattern.compile("(?m)^[\\w-]+:.*$|\\\\[nr]|\\s|[\"',]");

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]+");

  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "RSA PRIVATE KEY", "an RSA private key",
          "EC PRIVATE KEY", "an EC private key",
          "DSA PRIVATE KEY", "a DSA private key",
          "OPENSSH PRIVATE KEY", "an OpenSSH private key",
          "PRIVATE KEY", "a PKCS#8 private key",
          "ENCRYPTED PRIVATE KEY", "an encrypted PKCS#8 private key",
          "PGP PRIVATE KEY BLOCK", "a PGP private key block");

  /** Whether {@code line} may hold a key's header. */
  static boolean mayStart(String line) {
    return line.contains(TRIGGER);
  }

  /**
   * Reports the keys whose header is in {@code line}; {@code following} is the text after the line
   * (empty for a single value), where the body and END line usually are.
   */
  static void find(
      String line, CharSequence following, String path, int lineNumber, MatchList out) {
    Matcher header = HEADER.matcher(line);
    while (header.find()) {
      String type = header.group(1);
      String end = "-----END " + type + "-----";
      String rest = line.substring(header.end());
      int endAt = rest.indexOf(end);
      String body;
      if (endAt >= 0) {
        body = rest.substring(0, endAt);
      } else {
        String more = rest + "\n" + following;
        endAt = more.indexOf(end);
        if (endAt >= 0) {
          body = more.substring(0, endAt);
        } else {
          String stripped = NOT_BODY.matcher(rest).replaceAll("");
          int run = 0;
          while (run < stripped.length() && isBase64(stripped.charAt(run))) {
            run++;
          }
          if (run < MIN_UNTERMINATED_BODY_CHARS) {
            continue;
          }
          body = stripped.substring(0, run);
        }
      }
      String stripped = NOT_BODY.matcher(body).replaceAll("");
      if (stripped.length() >= MIN_BODY_CHARS && BASE64.matcher(stripped).matches()) {
        out.add(
            "private-key",
            DESCRIPTIONS.getOrDefault(type, "a private key (" + type + ")"),
            path,
            lineNumber,
            stripped,
            "-----BEGIN " + type + "----- …");
      }
    }
  }

  private static boolean isBase64(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '+'
        || c == '/'
        || c == '=';
  }
}
