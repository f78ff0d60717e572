package dev.paas.jib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.Setting;
import org.junit.jupiter.api.Test;

/** The extension's users read advice about their own configuration, not the plugin's block. */
class JibSettingWordsTest {
  @Test
  void everySettingIsWordedWithoutThePluginsBlock() {
    for (Setting setting : Setting.values()) {
      assertThat(JibSettingWords.WORDS.word(setting.named() + " " + setting.setTo("x")))
          .doesNotContain("{setting:", "<paas>");
    }
  }

  @Test
  void settingsReadAsTheExtensionsConfiguration() {
    assertThat(JibSettingWords.WORDS.word("Check the URL in " + Setting.PLATFORM.named()))
        .isEqualTo(
            "Check the URL in <pluginExtension><configuration><platform> or -Dpaas.platform");
    assertThat(JibSettingWords.WORDS.word("set " + Setting.ALLOW_INSECURE_REGISTRIES.setTo("true")))
        .isEqualTo(
            "set <allowInsecureRegistries>true</allowInsecureRegistries> in "
                + "jib-maven-plugin's <configuration>");
  }
}
