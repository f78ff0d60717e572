package dev.paas.jib;

import dev.paas.maven.support.OfferSelection;
import java.util.ArrayList;
import java.util.List;

/**
 * The extension's configuration, written as {@code <pluginExtension><configuration
 * implementation="dev.paas.jib.PaasExtensionConfig">} in jib-maven-plugin's {@code
 * <pluginExtensions>}. The shapes are those of the plugin's {@code <paas>} block. Maven fills the
 * fields by name; the getters are what the extension reads.
 */
public class PaasExtensionConfig {
  /**
   * The official base image, when the platform profile names none ({@code <paas><baseImage>}'s
   * role): {@code <from><image>} must be it or derive from it.
   */
  private String officialBaseImage;

  /**
   * The platform profile: a file, an http(s) URL or Maven coordinates {@code
   * groupId:artifactId:version}; {@code -Dpaas.platform} overrides it.
   */
  private String platform;

  /** The environment this image is for ({@code test}, {@code prod}); {@code default} if unset. */
  private String environment;

  /**
   * Every environment the team builds, as in {@code <paas><environments>}: optional. With the list,
   * {@code .paas/image-env.sh} sees the same {@code PAAS_ENVIRONMENTS} in every environment's
   * build, so all of them (and {@code paas:build} with the same list) share its cached layer.
   */
  private List<String> environments = new ArrayList<>();

  /** The platform's environment options to apply, by name. */
  private List<OfferSelection> options = new ArrayList<>();

  /** The platform's services to add, by name, optionally limited to environments. */
  private List<OfferSelection> services = new ArrayList<>();

  public String getOfficialBaseImage() {
    return officialBaseImage;
  }

  public String getPlatform() {
    return platform;
  }

  public String getEnvironment() {
    return environment;
  }

  public List<String> getEnvironments() {
    return environments;
  }

  public List<OfferSelection> getOptions() {
    return options;
  }

  public List<OfferSelection> getServices() {
    return services;
  }
}
