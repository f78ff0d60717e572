package dev.paas.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettingWordsTest {
  private static final SettingWords SHOUTED =
      new SettingWords() {
        @Override
        public String name(Setting setting) {
          return setting.name();
        }

        @Override
        public String setTo(Setting setting, String value) {
          return setting.name() + " := " + value;
        }
      };

  @Test
  void aFrontEndWordsEveryMarkInAMessageAndLeavesTheRest() {
    String message =
        "Check the URL in "
            + Setting.PLATFORM.named()
            + "; or set "
            + Setting.CACHE.setTo("registry.example/c")
            + " ($1 {not a mark})";

    assertThat(SHOUTED.word(message))
        .isEqualTo(
            "Check the URL in PLATFORM; or set CACHE := registry.example/c ($1 {not a mark})");
  }

  @Test
  void neutralWordsNameTheSettingWithoutABuildTool() {
    String message = SettingWords.NEUTRAL.word("set " + Setting.RUN_REFRESH.setTo("true"));

    assertThat(message)
        .isEqualTo("set the run.refresh setting set to true")
        .doesNotContain("{setting:");
  }

  @Test
  void aSettingExceptionSaysWhichSettingItConcerns() {
    SettingException e = new SettingException(Setting.PLATFORM, "bad " + Setting.PLATFORM.named());

    assertThat(e.setting()).isEqualTo(Setting.PLATFORM);
    assertThat(SHOUTED.word(e.getMessage())).isEqualTo("bad PLATFORM");
  }
}
