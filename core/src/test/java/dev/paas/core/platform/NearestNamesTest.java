package dev.paas.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNamesTest {
  private static final List<String> OPTIONS = List.of("wget", "heap-dump", "utf8", "curl");

  @Test
  void aSwapOfTwoNeighboursIsOneEdit() {
    assertThat(NearestNames.distance("wegt", "wget")).isEqualTo(1);
    assertThat(NearestNames.distance("optoins", "options")).isEqualTo(1);
    assertThat(NearestNames.to("wegt", OPTIONS)).containsExactly("wget");
    assertThat(NearestNames.suggestion("wegt", OPTIONS)).isEqualTo(" Did you mean 'wget'?");
  }

  @Test
  void aPrefixSuggestsTheLongerName() {
    assertThat(NearestNames.to("heap", OPTIONS)).containsExactly("heap-dump");
  }

  @Test
  void upperCaseIsIgnored() {
    assertThat(NearestNames.to("WGET", OPTIONS)).containsExactly("wget");
  }

  @Test
  void nearestComeFirstAndAtMostThreeAreNamed() {
    List<String> known = List.of("test", "tests", "tent", "text", "toast");

    assertThat(NearestNames.to("test", known)).containsExactly("test", "tent", "tests");
    assertThat(NearestNames.suggestion("tst", List.of("test", "prod")))
        .isEqualTo(" Did you mean 'test'?");
    assertThat(NearestNames.suggestion("tes", List.of("test", "tests")))
        .isEqualTo(" Did you mean 'test' or 'tests'?");
    assertThat(NearestNames.suggestion("tesx", List.of("test", "text", "tent")))
        .isEqualTo(" Did you mean 'test', 'tent' or 'text'?");
  }

  @Test
  void nothingNearGivesNoSuggestion() {
    assertThat(NearestNames.to("kubernetes", OPTIONS)).isEmpty();
    assertThat(NearestNames.suggestion("kubernetes", OPTIONS)).isEmpty();
    assertThat(NearestNames.suggestion("", OPTIONS)).isEmpty();
    assertThat(NearestNames.suggestion("wget", List.of())).isEmpty();
  }
}
