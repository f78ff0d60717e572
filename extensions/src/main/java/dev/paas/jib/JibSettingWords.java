package dev.paas.jib;

import dev.paas.core.Setting;
import dev.paas.core.SettingWords;

/**
 * The core's settings as the extension's users write them: elements of the extension's {@code
 * <pluginExtension><configuration>}, the paas properties, and Jib's own configuration.
 */
final class JibSettingWords implements SettingWords {
  static final JibSettingWords WORDS = new JibSettingWords();

  private JibSettingWords() {}

  @Override
  public String name(Setting setting) {
    return switch (setting) {
      case PLATFORM -> PaasJibExtension.BLOCK + "<platform> or -Dpaas.platform";
      case OFFERS -> PaasJibExtension.BLOCK + "<options> and <services>";
      case ALLOW_INSECURE_REGISTRIES ->
          "<allowInsecureRegistries> in jib-maven-plugin's <configuration>";
      case VULNERABILITY_DB -> "paas:check's <vulnerabilityDb>";
      case WAIVERS -> "paas:check's <waivers>";
      default -> "-Dpaas." + setting.key();
    };
  }

  @Override
  public String setTo(Setting setting, String value) {
    return switch (setting) {
      case ALLOW_INSECURE_REGISTRIES ->
          "<allowInsecureRegistries>"
              + value
              + "</allowInsecureRegistries> in jib-maven-plugin's <configuration>";
      case PLATFORM, OFFERS, VULNERABILITY_DB -> name(setting) + " to " + value;
      default -> "-Dpaas." + setting.key() + "=" + value;
    };
  }
}
