package dev.paas.core;

/**
 * A setting the user gives the build. A core message names the setting it concerns through a mark;
 * each front end (the Maven plugin, the Jib extension) words the mark as its users write that
 * setting, with {@link SettingWords}.
 */
public enum Setting {
  /** The platform profile's location. */
  PLATFORM("platform"),
  /** The image to check instead of the built ones. */
  IMAGE("image"),
  /** The fleet cache's repository. */
  CACHE("cache"),
  /** The directory or zip of OSV advisories. */
  VULNERABILITY_DB("vulnerabilityDb"),
  /** Whether cached run layers are made again. */
  RUN_REFRESH("run.refresh"),
  /** Whether registries without trusted HTTPS may be used. */
  ALLOW_INSECURE_REGISTRIES("allowInsecureRegistries"),
  /** The team's waivers of findings. */
  WAIVERS("waivers"),
  /** The options and services a project selects. */
  OFFERS("offers");

  private final String key;

  Setting(String key) {
    this.key = key;
  }

  /** The setting's neutral name, as the marks spell it. */
  public String key() {
    return key;
  }

  /** A mark for where the user gives the setting, e.g. "Check the URL in " + named(). */
  public String named() {
    return "{setting:" + key + "}";
  }

  /** A mark for giving the setting {@code value}, e.g. "set " + setTo("true"). */
  public String setTo(String value) {
    return "{setting:" + key + "=" + value + "}";
  }
}
