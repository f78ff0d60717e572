package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecretRuleCorpusTest {

  static Stream<SecretRuleCorpus.Case> cases() {
    return SecretRuleCorpus.cases().stream();
  }

  @Test
  void everyPatternRuleHasACase() {
    Set<String> covered =
        SecretRuleCorpus.cases().stream()
            .map(SecretRuleCorpus.Case::rule)
            .collect(Collectors.toSet());
    List<String> patterned =
        SecretRules.builtin().rules().stream()
            .filter(r -> r.pattern().isPresent())
            .map(SecretRule::id)
            .toList();

    assertThat(patterned).hasSizeGreaterThanOrEqualTo(100);
    assertThat(covered).containsAll(patterned);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRuleAloneFindsItsTruePositive(SecretRuleCorpus.Case c) {
    SecretRule rule = rule(c.rule());
    List<SecretMatch> found = SecretRuleCorpus.scan(SecretRuleCorpus.only(c.rule()), c.hit());

    assertThat(found).as(c.hit()).extracting(SecretMatch::kind).contains(rule.kind());
    assertThat(found.get(0).line()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRuleAloneLeavesItsNearMiss(SecretRuleCorpus.Case c) {
    assertThat(SecretRuleCorpus.scan(SecretRuleCorpus.only(c.rule()), c.miss()))
        .as(c.miss())
        .extracting(SecretMatch::kind)
        .doesNotContain(rule(c.rule()).kind());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theWholeRuleSetNamesTheTruePositiveByTheRule(SecretRuleCorpus.Case c) {
    assertThat(SecretRuleCorpus.scan(SecretRules.builtin(), c.hit()))
        .as(c.hit())
        .extracting(SecretMatch::kind)
        .contains(rule(c.rule()).kind());
  }

  static SecretRule rule(String id) {
    return SecretRules.builtin().rules().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + id));
  }
}
