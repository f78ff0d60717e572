package dev.paas.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.Setting;
import org.junit.jupiter.api.Test;

/** The plugin words the core's settings as its messages always did. */
class MavenSettingWordsTest {
  private static String word(String message) {
    return MavenSettingWords.WORDS.word(message);
  }

  @Test
  void settingsReadAsThePluginsElementsAndProperties() {
    assertThat(word("Check the URL in " + Setting.PLATFORM.named()))
        .isEqualTo("Check the URL in <paas><platform> or -Dpaas.platform");
    assertThat(word("set " + Setting.ALLOW_INSECURE_REGISTRIES.setTo("true")))
        .isEqualTo("set <allowInsecureRegistries>true</allowInsecureRegistries> in <paas>");
    assertThat(word("(e.g. " + Setting.CACHE.setTo("registry.example.com/paas/cache") + ")"))
        .isEqualTo("(e.g. -Dpaas.cache=registry.example.com/paas/cache)");
    assertThat(word(Setting.RUN_REFRESH.setTo("true") + " runs it again"))
        .isEqualTo("-Dpaas.run.refresh=true runs it again");
    assertThat(word("set " + Setting.VULNERABILITY_DB.named() + " to"))
        .isEqualTo("set <vulnerabilityDb> (or -Dpaas.vulnerabilityDb) to");
    assertThat(word(Setting.IMAGE.named())).isEqualTo("-Dpaas.image");
    // The console summary's advice for a finding, as check.md shows it.
    assertThat(word("to accept it, add to " + Setting.WAIVERS.named() + ": <waiver>"))
        .isEqualTo("to accept it, add to <paas><waivers>: <waiver>");
  }

  @Test
  void everySettingHasWords() {
    for (Setting setting : Setting.values()) {
      assertThat(word(setting.named() + " " + setting.setTo("x"))).doesNotContain("{setting:");
    }
  }
}
