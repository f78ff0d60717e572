package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.platform.SecretRuleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in rules are trusted when a check loads them (compiled when first woken, not probed)
 * because this test holds every one of them to what a platform's rule must pass as it is read: RE2
 * syntax, size, the 1 KiB probe and its secret group. A platform's rules are still checked when
 * read.
 */
class BuiltinSecretRulesTest {

  @Test
  void everyBuiltinRulePassesWhatAPlatformsRuleMustPass() throws Exception {
    RuleFile.Contents checked = RuleFile.read(builtinText(), "the built-in secret rules");

    assertThat(checked.rules()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(checked.rules().stream().filter(r -> r.pattern().isPresent()))
        .hasSizeGreaterThanOrEqualTo(100)
        .allSatisfy(r -> assertThat(r.pattern().get().isCompiled()).as(r.id()).isTrue());
  }

  /** What the test above would say of a built-in rule that a check no longer probes. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "regex = '([a-z ]{0,1000}){1000}b'|too costly",
        "regex = '(a)\\1'|linear-time engine",
        "regex = '(?=a)b'|linear-time engine",
        "regex = 'a(b)'\nsecretGroup = 2|secretGroup 2 is not a group",
      })
  void aBadBuiltinRuleFailsTheCheckAboveThoughACheckLoadsIt(String rule) throws Exception {
    String[] parts = rule.split("\\|");
    String text =
        builtinText() + "\n[[rules]]\nid = \"bad\"\n" + parts[0] + "\nkeywords = [\"bad\"]\n";

    assertThatThrownBy(() -> RuleFile.read(text, "the built-in secret rules"))
        .hasMessageContaining("rule 'bad'")
        .hasMessageContaining(parts[1]);
    assertThatCode(() -> RuleFile.readBuiltin(text, "the built-in secret rules"))
        .doesNotThrowAnyException();
  }

  @Test
  void aBuiltinRuleIsCompiledWhenAKeywordFirstWakesIt() throws Exception {
    SecretRules rules = SecretRules.of(SecretRuleSettings.NONE);
    assertThat(compiled(rules)).isEmpty();
    String line = "github.token=ghp_" + "Q7xK2mP9vR4tW8zB3nL6aY5cD1fG0hJ2kM4n";

    List<SecretMatch> found =
        Scans.file(
            new SecretScanner(ArchiveLimits.DEFAULT, rules),
            "/app/application.properties",
            ("# settings\n" + line + "\n").getBytes(StandardCharsets.UTF_8));

    assertThat(Scans.kinds(found)).contains("github-token");
    Set<String> woken =
        rules.rules().stream()
            .filter(r -> r.keywords().stream().anyMatch(line.toLowerCase(Locale.ROOT)::contains))
            .map(SecretRule::id)
            .collect(Collectors.toSet());
    assertThat(compiled(rules)).contains("github-pat").isSubsetOf(woken);
    assertThat(woken).hasSizeLessThan(rules.rules().size() / 10);
  }

  @Test
  void aDeferredPatternIsCompiledOnceWhateverTheThreads() throws Exception {
    RulePattern deferred = RulePattern.deferred("(ghp_[A-Za-z0-9]{36,76})", "a test's regex");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      Callable<Pattern> compile = deferred::pattern;
      List<Future<Pattern>> asked = threads.invokeAll(java.util.Collections.nCopies(32, compile));
      Pattern first = asked.get(0).get();
      for (Future<Pattern> f : asked) {
        assertThat(f.get()).isSameAs(first);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aPlatformsRuleIsCompiledWhenItsFileIsRead() throws Exception {
    SecretRules rules =
        SecretRules.of(
            new SecretRuleSettings(
                List.of(
                    new SecretRuleSettings.RuleText(
                        "acme.toml",
                        "[[rules]]\nid = \"acme\"\nregex = 'acme_[a-z]{20}'\n"
                            + "keywords = [\"acme_\"]\n")),
                List.of(),
                List.of(),
                List.of()));

    Optional<SecretRule> acme =
        rules.rules().stream().filter(r -> r.id().equals("acme")).findFirst();
    assertThat(acme).isPresent();
    assertThat(acme.get().pattern().get().isCompiled()).isTrue();
  }

  private static Set<String> compiled(SecretRules rules) {
    return rules.rules().stream()
        .filter(r -> !r.keywords().isEmpty())
        .filter(r -> r.pattern().map(RulePattern::isCompiled).orElse(false))
        .map(SecretRule::id)
        .collect(Collectors.toSet());
  }

  private static String builtinText() throws IOException {
    try (InputStream in = SecretRules.class.getResourceAsStream("rules.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
