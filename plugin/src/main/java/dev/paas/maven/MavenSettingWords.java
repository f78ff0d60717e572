package dev.paas.maven;

import dev.paas.core.Setting;
import dev.paas.core.SettingWords;

/**
 * The core's settings as this plugin's users write them: {@code <paas>} elements, -Dpaas.
 * properties.
 */
final class MavenSettingWords implements SettingWords {
  static final MavenSettingWords WORDS = new MavenSettingWords();

  private MavenSettingWords() {}

  @Override
  public String name(Setting setting) {
    return switch (setting) {
      case PLATFORM -> "<paas><platform> or -Dpaas.platform";
      case IMAGE -> "-Dpaas.image";
      case CACHE -> "-Dpaas.cache";
      case VULNERABILITY_DB -> "<vulnerabilityDb> (or -Dpaas.vulnerabilityDb)";
      case RUN_REFRESH -> "-Dpaas.run.refresh";
      case WAIVERS -> "<paas><waivers>";
      case ALLOW_INSECURE_REGISTRIES -> "<allowInsecureRegistries> in <paas>";
      case OFFERS ->
          "<paas>: <options><option>NAME</option></options>, <services><service><name>"
              + "NAME</name><environments><environment>test</environment></environments></service>"
              + "</services>";
    };
  }

  @Override
  public String setTo(Setting setting, String value) {
    return switch (setting) {
      case ALLOW_INSECURE_REGISTRIES ->
          "<allowInsecureRegistries>" + value + "</allowInsecureRegistries> in <paas>";
      case VULNERABILITY_DB -> "<vulnerabilityDb>" + value + "</vulnerabilityDb>";
      case OFFERS -> name(setting);
      default -> "-Dpaas." + setting.key() + "=" + value;
    };
  }
}
