package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile text cannot make the secret scan slow: every rule's pattern, on adversarial text of the
 * largest size it can be given, takes time linear in the text (four times the text, at most eight
 * times the time), and the hostile examples go through the whole scanner fast.
 */
class SecretScanLinearTimeTest {
  /** The most text a pattern sees at once: a setting's bound (a file's line is less). */
  private static final int MAX = SecretScanner.MAX_FIELD_CHARS;

  /** Loading the rules (parsing, compiling, the keyword automaton) is not a scan's time. */
  @BeforeAll
  static void loadTheRules() {
    Scans.SCANNER.scanText("history[0]", "warm up: password=x jdbc:x://a:b@c [");
    Scans.file("/app/a.properties", "warm.up=1\n");
  }

  static Stream<SecretRule> patternRules() {
    return SecretRules.builtin().rules().stream().filter(r -> r.pattern().isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patternRules")
  void eachRuleTakesLinearTimeOnAdversarialText(SecretRule rule) {
    SecretRules rules = SecretRuleCorpus.only(rule.id());
    List<String> small = adversarial(rule, MAX / 4);
    List<String> large = adversarial(rule, MAX);

    run(rules, large); // compiled code for both sizes, not the interpreter for the first
    System.gc(); // a collection left by earlier tests is not this rule's time
    long smallNanos = Long.MAX_VALUE;
    long largeNanos = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      smallNanos = Math.min(smallNanos, run(rules, small));
      largeNanos = Math.min(largeNanos, run(rules, large));
    }

    // Linear: 4 × the text takes about 4 × the time. RE2/J's constant grows once between 16 and
    // 64 KiB (caches), so the ratio allowed is 16 ×, with a slack for a machine shared with
    // other builds; the absolute bound is what tells quadratic from linear at this size
    // (64 Ki² steps take seconds), and exponential never gets near it.
    assertThat(largeNanos)
        .as(
            "%s: %d µs on %d chars, %d µs on %d chars",
            rule.id(), smallNanos / 1000, MAX / 4, largeNanos / 1000, MAX)
        .isLessThan(16 * smallNanos + 250_000_000L);
    assertThat(largeNanos)
        .as(rule.id() + " on " + MAX + " hostile chars")
        .isLessThan(1_000_000_000L);
  }

  @Test
  void aHistoryEntryOfSquareBracketsEndsFast() {
    String hostile = "/bin/sh -c " + "[".repeat(400_000);

    long start = System.nanoTime();
    Scans.SCANNER.scanText("history[0].created_by", hostile);

    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void anEnvironmentValueOfRepeatedJdbcEndsFast() {
    String hostile = "jdbc:".repeat(800_000); // 4 MB: the whole config's limit

    long start = System.nanoTime();
    Scans.SCANNER.scanSetting("Env DB_URL", "DB_URL", hostile);
    Scans.SCANNER.scanText("history[0].created_by", "ENV DB_PASSWORD=" + hostile);

    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void aPropertiesFileOfSeveralMegabytesEndsFast() {
    List<byte[]> files =
        List.of(
            ("db.password=" + "a1!".repeat(1_500_000)).getBytes(StandardCharsets.UTF_8),
            "password=x&password=x&jdbc:x:".repeat(150_000).getBytes(StandardCharsets.UTF_8),
            "spring.datasource.password=s3cr3tP4ssw0rd!\n"
                .repeat(100_000)
                .getBytes(StandardCharsets.UTF_8),
            ("<password>" + "<".repeat(4_000_000)).getBytes(StandardCharsets.UTF_8));

    for (byte[] file : files) {
      long start = System.nanoTime();
      Scans.file("/app/application.properties", file);
      // about 4 s for the worst (a 4 MB line with a keyword every 10 bytes) when alone
      assertThat(System.nanoTime() - start).as(file.length + " bytes").isLessThan(20_000_000_000L);
    }
  }

  /** Texts made to defeat {@code rule}: its keywords over and over, with near-matches. */
  private static List<String> adversarial(SecretRule rule, int size) {
    List<String> texts = new ArrayList<>();
    for (String seed : seeds(rule)) {
      StringBuilder text = new StringBuilder(size);
      while (text.length() < size) {
        text.append(seed);
      }
      texts.add(text.substring(0, size));
    }
    return texts;
  }

  private static List<String> seeds(SecretRule rule) {
    String keyword = rule.keywords().isEmpty() ? "key" : rule.keywords().get(0);
    return List.of(
        keyword,
        keyword + " = \"",
        keyword + "_a1B2c3D4e5",
        keyword + ".eyJ",
        "[",
        "a://b:c@jdbc:",
        keyword + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ");
  }

  private static long run(SecretRules rules, List<String> texts) {
    long start = System.nanoTime();
    for (String text : texts) {
      BitSet all = new BitSet();
      all.set(0, rules.rules().size());
      RuleMatcher.find(rules, all, text, "/app/.env", 1, new MatchList(rules));
    }
    return System.nanoTime() - start;
  }
}
