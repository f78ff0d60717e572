package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.platform.SecretRuleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The test corpus: for each pattern rule, a line it must find and a near miss it must not. */
final class SecretRuleCorpus {
  private SecretRuleCorpus() {}

  /** One rule's cases. */
  record Case(String rule, String hit, String miss) {}

  static List<Case> cases() {
    try (InputStream in = SecretRuleCorpus.class.getResourceAsStream("corpus.toml")) {
      Map<String, Object> root =
          TomlReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> cases = (List<Map<String, Object>>) root.get("cases");
      return cases.stream()
          .map(c -> new Case((String) c.get("rule"), (String) c.get("hit"), (String) c.get("miss")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TomlReader.Invalid e) {
      throw new IllegalStateException(e);
    }
  }

  /** The built-in rules with only {@code id} of the pattern rules left in force. */
  static SecretRules only(String id) {
    List<String> others =
        SecretRules.builtin().rules().stream()
            .map(SecretRule::id)
            .filter(other -> !other.equals(id))
            .toList();
    try {
      return SecretRules.of(new SecretRuleSettings(List.of(), others, List.of(), List.of()));
    } catch (InvalidSecretRules e) {
      throw new IllegalStateException(e);
    }
  }

  /** What {@code rules} find in {@code line}, as the only line of an {@code .env} file. */
  static List<SecretMatch> scan(SecretRules rules, String line) {
    return Scans.file(
        new SecretScanner(ArchiveLimits.DEFAULT, rules),
        "/app/.env",
        ("# settings\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
