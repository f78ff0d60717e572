package dev.paas.core.platform;

import dev.paas.core.run.RunNetwork;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the platform team offers and requires: official base images, options and services, the
 * policy of {@code paas:check} and where advisories live. Read by {@link ProfileParser}.
 *
 * @param source where it was read from (the last of its layers)
 * @param name the platform's name
 * @param officialImages the official base images; empty when the profile names none
 * @param options the environment options by name, in the profile's order
 * @param services the services of the service market by name
 * @param policy the rules' levels and settings
 * @param advisories where vulnerability advisories are found
 * @param sandbox how the sandboxed steps (image-env.sh, options' commands) are run
 * @param secrets what the platform changes in the secret rules (profile section {@code secrets})
 * @param cache the fleet cache in the company registry (profile section {@code cache})
 * @param digest {@code sha256:<hex>} of the bytes of the profile read last (the platform's file,
 *     URL or artifact; the embedded default's own bytes when none is given), or empty for a profile
 *     built in code: with the plugin's version it names every setting in force
 */
public record PlatformProfile(
    String source,
    String name,
    List<OfficialImage> officialImages,
    Map<String, Offer> options,
    Map<String, Offer> services,
    Policy policy,
    Advisories advisories,
    SandboxPolicy sandbox,
    SecretRuleSettings secrets,
    CachePolicy cache,
    String digest) {

  /** The schema version this plugin reads. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Where advisories for the {@code vulnerabilities} rule come from.
   *
   * @param vulnerabilityDb a directory of OSV JSON files or an osv.dev {@code all.zip}, if any
   * @param osvApi whether the OSV API may be asked over the network
   */
  public record Advisories(Optional<String> vulnerabilityDb, boolean osvApi) {}

  /**
   * How the platform runs teams' commands in images.
   *
   * @param network what network a step reaches: {@code isolated} (the default) reaches the outside
   *     but not the host's loopback, {@code none}, or the {@code host}'s network
   */
  public record SandboxPolicy(RunNetwork network) {
    /** The isolated network. */
    public static final SandboxPolicy DEFAULT = new SandboxPolicy(RunNetwork.ISOLATED);
  }

  /**
   * Where the fleet shares what one machine computed (run layers) with the others.
   *
   * @param repository {@code REGISTRY/REPOSITORY} of the cache, if any
   * @param push whether this runner publishes entries; {@code false} makes it read-only
   */
  public record CachePolicy(Optional<String> repository, boolean push) {
    /** No fleet cache. */
    public static final CachePolicy NONE = new CachePolicy(Optional.empty(), true);
  }

  /** A profile built in code, whose bytes have no digest. */
  public PlatformProfile(
      String source,
      String name,
      List<OfficialImage> officialImages,
      Map<String, Offer> options,
      Map<String, Offer> services,
      Policy policy,
      Advisories advisories,
      SandboxPolicy sandbox,
      SecretRuleSettings secrets,
      CachePolicy cache) {
    this(
        source,
        name,
        officialImages,
        options,
        services,
        policy,
        advisories,
        sandbox,
        secrets,
        cache,
        "");
  }

  /** A profile without a fleet cache. */
  public PlatformProfile(
      String source,
      String name,
      List<OfficialImage> officialImages,
      Map<String, Offer> options,
      Map<String, Offer> services,
      Policy policy,
      Advisories advisories,
      SandboxPolicy sandbox,
      SecretRuleSettings secrets) {
    this(
        source,
        name,
        officialImages,
        options,
        services,
        policy,
        advisories,
        sandbox,
        secrets,
        CachePolicy.NONE);
  }

  /** A profile that runs steps on the isolated network and leaves the secret rules as built in. */
  public PlatformProfile(
      String source,
      String name,
      List<OfficialImage> officialImages,
      Map<String, Offer> options,
      Map<String, Offer> services,
      Policy policy,
      Advisories advisories) {
    this(
        source,
        name,
        officialImages,
        options,
        services,
        policy,
        advisories,
        SandboxPolicy.DEFAULT,
        SecretRuleSettings.NONE);
  }

  public PlatformProfile {
    officialImages = List.copyOf(officialImages);
    options = OrderedMaps.copy(options);
    services = OrderedMaps.copy(services);
    digest = digest == null ? "" : digest;
  }

  /** The option or service of that kind and name. */
  public Optional<Offer> offer(Offer.Kind kind, String name) {
    return Optional.ofNullable((kind == Offer.Kind.OPTION ? options : services).get(name));
  }
}
