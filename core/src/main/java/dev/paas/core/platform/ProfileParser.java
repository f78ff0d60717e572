package dev.paas.core.platform;

import dev.paas.core.PaasException;
import dev.paas.core.image.OciImage;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a platform profile (YAML, schema {@value PlatformProfile#SCHEMA_VERSION}) over another one:
 * what the text names replaces the lower profile's (options and services by name, policy rules by
 * id), what it leaves out is kept. Every error names the source, line and column and says what is
 * expected there.
 */
public final class ProfileParser {
  /** Names of options, services and official images. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** Maven coordinates, {@code groupId:artifactId:version[:extension[:classifier]]}. */
  static final Pattern COORDINATES =
      Pattern.compile("[\\w.-]+:[\\w.-]+:[\\w.+-]+(:[\\w.-]+(:[\\w.-]+)?)?");

  private static final List<String> TOP =
      List.of(
          "schemaVersion",
          "name",
          "officialImages",
          "options",
          "services",
          "policy",
          "advisories",
          "sandbox",
          "secrets",
          "cache");

  /** The largest profile read: a catalogue, not a data set. */
  static final int MAX_CHARACTERS = 1 << 20;

  /** The check's rules, looked up once: they are part of the class path. */
  private static final class Installed {
    static final KnownRules RULES = KnownRules.installed();
  }

  private final YamlNodes nodes;
  private final KnownRules rules;

  private ProfileParser(String source, KnownRules rules) {
    this.nodes = new YamlNodes(source);
    this.rules = rules;
  }

  /** The embedded profile's layer: no options, services or official images, default policy. */
  public static PlatformProfile empty() {
    return new PlatformProfile(
        "(none)",
        "none",
        List.of(),
        Map.of(),
        Map.of(),
        new Policy(
            Map.of(), Policy.Severity.HIGH, List.of(), List.of(), Optional.empty(), List.of()),
        new PlatformProfile.Advisories(Optional.empty(), false),
        PlatformProfile.SandboxPolicy.DEFAULT,
        SecretRuleSettings.NONE,
        PlatformProfile.CachePolicy.NONE);
  }

  /**
   * Reads {@code text} over {@code lower}.
   *
   * @param source where the text comes from, as errors should name it
   */
  public static PlatformProfile parse(String text, String source, PlatformProfile lower)
      throws PaasException {
    return parse(text, source, lower, Installed.RULES);
  }

  /** Reads {@code text} over {@code lower}, with the rule ids and secret rules of {@code rules}. */
  public static PlatformProfile parse(
      String text, String source, PlatformProfile lower, KnownRules rules) throws PaasException {
    if (text.length() > MAX_CHARACTERS) {
      throw new PaasException(
          source
              + ": a platform profile may have at most "
              + MAX_CHARACTERS
              + " characters; this one has "
              + text.length());
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(MAX_CHARACTERS * 2);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new PaasException(
          YamlNodes.at(source, mark)
              + "this is not valid YAML: "
              + problem
              + (e.getContext() != null ? " (" + e.getContext() + ")" : ""),
          e);
    } catch (YAMLException e) {
      throw new PaasException(source + ": this is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new PaasException(
          source
              + ": the platform profile is empty; it needs at least "
              + "'schemaVersion: "
              + PlatformProfile.SCHEMA_VERSION
              + "'");
    }
    try {
      return new ProfileParser(source, rules)
          .profile(root, lower, OciImage.sha256(text.getBytes(StandardCharsets.UTF_8)));
    } catch (YamlNodes.Invalid e) {
      throw new PaasException(e.getMessage());
    }
  }

  // The text was decoded strictly from UTF-8, so encoding it again gives back the bytes read.
  private PlatformProfile profile(Node root, PlatformProfile lower, String digest) {
    Map<String, Node> top = nodes.mapping(root, "the platform profile", TOP);
    Node version = top.get("schemaVersion");
    if (version == null) {
      throw nodes.fail(
          root,
          "'schemaVersion' is missing: start the profile with 'schemaVersion: "
              + PlatformProfile.SCHEMA_VERSION
              + "'");
    }
    String declared = nodes.scalar(version, "schemaVersion");
    if (!declared.equals(String.valueOf(PlatformProfile.SCHEMA_VERSION))) {
      throw nodes.fail(
          version,
          "schemaVersion "
              + declared
              + " is not one this plugin reads: it reads "
              + "schema version "
              + PlatformProfile.SCHEMA_VERSION
              + ". Use a paas-maven-plugin that "
              + "knows version "
              + declared
              + ", or write the profile in version "
              + PlatformProfile.SCHEMA_VERSION);
    }
    String name = top.containsKey("name") ? nodes.scalar(top.get("name"), "name") : lower.name();
    List<OfficialImage> images =
        top.containsKey("officialImages")
            ? new OfficialImagesSection(nodes).officialImages(top.get("officialImages"))
            : lower.officialImages();
    OffersSection offers = new OffersSection(nodes);
    Map<String, Offer> options = new LinkedHashMap<>(lower.options());
    if (top.containsKey("options")) {
      offers.offers(top.get("options"), Offer.Kind.OPTION, options);
    }
    Map<String, Offer> services = new LinkedHashMap<>(lower.services());
    if (top.containsKey("services")) {
      offers.offers(top.get("services"), Offer.Kind.SERVICE, services);
    }
    Policy policy =
        top.containsKey("policy")
            ? new PolicySection(nodes, rules).policy(top.get("policy"), lower.policy())
            : lower.policy();
    PlatformProfile.Advisories advisories =
        top.containsKey("advisories")
            ? new AdvisoriesSection(nodes).advisories(top.get("advisories"), lower.advisories())
            : lower.advisories();
    PlatformProfile.SandboxPolicy sandbox =
        top.containsKey("sandbox")
            ? new SandboxSection(nodes).sandbox(top.get("sandbox"))
            : lower.sandbox();
    SecretRuleSettings secrets =
        top.containsKey("secrets")
            ? new SecretsSection(nodes, rules).secrets(top.get("secrets"), lower.secrets())
            : lower.secrets();
    PlatformProfile.CachePolicy cache =
        top.containsKey("cache")
            ? new CacheSection(nodes).cache(top.get("cache"), lower.cache())
            : lower.cache();
    return new PlatformProfile(
        nodes.source(),
        name,
        images,
        options,
        services,
        policy,
        advisories,
        sandbox,
        secrets,
        cache,
        digest);
  }
}
