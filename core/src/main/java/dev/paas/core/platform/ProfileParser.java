package dev.paas.core.platform;

import dev.paas.core.PaasException;
import dev.paas.core.keys.PemPublicKey;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.InvalidReferenceException;
import dev.paas.core.run.OsFamily;
import dev.paas.core.run.RunNetwork;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a platform profile (YAML, schema {@value PlatformProfile#SCHEMA_VERSION}) over another
 * one: what the text names replaces the lower profile's (options and services by name, policy
 * rules by id), what it leaves out is kept. Every error names the source, line and column and
 * says what is expected there.
 */
public final class ProfileParser {
  /** Names of options, services and official images. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(/(tcp|udp))?");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  /** Maven coordinates, {@code groupId:artifactId:version[:extension[:classifier]]}. */
  static final Pattern COORDINATES =
      Pattern.compile("[\\w.-]+:[\\w.-]+:[\\w.+-]+(:[\\w.-]+(:[\\w.-]+)?)?");
  private static final List<String> TOP = List.of("schemaVersion", "name", "officialImages",
      "options", "services", "policy", "advisories", "sandbox", "secrets", "cache");
  private static final List<String> SECRETS_KEYS = List.of("rules", "ruleFiles", "disable", "allow");
  private static final List<String> SECRETS_ALLOW_KEYS = List.of("paths", "values");
  private static final List<String> OPTION_KEYS = List.of("description", "environments", "run",
      "files", "env", "jvmFlags", "labels", "ports");
  private static final List<String> SERVICE_KEYS = List.of("description", "environments",
      "artifact", "files", "env", "jvmFlags", "labels", "ports", "scripts", "registration");
  private static final List<String> RUN_KEYS = List.of("debian", "rhel", "alpine", "any");
  private static final List<String> FILE_KEYS = List.of("path", "content", "mode");
  private static final List<String> IMAGE_KEYS = List.of("name", "repository", "tags", "default");
  private static final List<String> POLICY_KEYS = List.of("rules", "severity", "protectedPaths",
      "runtimeDescriptors", "publicKey", "allowedSecrets");
  private static final List<String> ADVISORY_KEYS = List.of("vulnerabilityDb", "osvApi");
  private static final List<String> SANDBOX_KEYS = List.of("network");
  private static final List<String> CACHE_KEYS = List.of("repository", "push");
  /** {@code REGISTRY/REPOSITORY}: a host (with a port, perhaps), then lower-case path parts. */
  static final Pattern CACHE_REPOSITORY = Pattern.compile(
      "[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)+");
  /** Labels the plugin sets on every image; a profile cannot set them. */
  private static final Set<String> RESERVED_LABELS = Set.of("org.opencontainers.image.base.name",
      "org.opencontainers.image.base.digest", "dev.paas.environment", Personalisation.LABEL_OPTIONS,
      Personalisation.LABEL_SERVICES);
  /** The largest profile read: a catalogue, not a data set. */
  static final int MAX_CHARACTERS = 1 << 20;

  /** An error at a place in the text; turned into a {@link PaasException} with that place. */
  private static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** The check's rules, looked up once: they are part of the class path. */
  private static final class Installed {
    static final KnownRules RULES = KnownRules.installed();
  }

  private final String source;
  private final KnownRules rules;

  private ProfileParser(String source, KnownRules rules) {
    this.source = source;
    this.rules = rules;
  }

  /** The embedded profile's layer: no options, services or official images, default policy. */
  public static PlatformProfile empty() {
    return new PlatformProfile("(none)", "none", List.of(), Map.of(), Map.of(),
        new Policy(Map.of(), Policy.Severity.HIGH, List.of(), List.of(), Optional.empty(), List.of()),
        new PlatformProfile.Advisories(Optional.empty(), false), PlatformProfile.SandboxPolicy.DEFAULT,
        SecretRuleSettings.NONE, PlatformProfile.CachePolicy.NONE);
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
  public static PlatformProfile parse(String text, String source, PlatformProfile lower,
      KnownRules rules) throws PaasException {
    if (text.length() > MAX_CHARACTERS) {
      throw new PaasException(source + ": a platform profile may have at most " + MAX_CHARACTERS
          + " characters; this one has " + text.length());
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
      throw new PaasException(at(source, mark) + "this is not valid YAML: " + problem
          + (e.getContext() != null ? " (" + e.getContext() + ")" : ""), e);
    } catch (YAMLException e) {
      throw new PaasException(source + ": this is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new PaasException(source + ": the platform profile is empty; it needs at least "
          + "'schemaVersion: " + PlatformProfile.SCHEMA_VERSION + "'");
    }
    try {
      return new ProfileParser(source, rules).profile(root, lower);
    } catch (Invalid e) {
      throw new PaasException(e.getMessage());
    }
  }

  private PlatformProfile profile(Node root, PlatformProfile lower) {
    Map<String, Node> top = mapping(root, "the platform profile", TOP);
    Node version = top.get("schemaVersion");
    if (version == null) {
      throw fail(root, "'schemaVersion' is missing: start the profile with 'schemaVersion: "
          + PlatformProfile.SCHEMA_VERSION + "'");
    }
    String declared = scalar(version, "schemaVersion");
    if (!declared.equals(String.valueOf(PlatformProfile.SCHEMA_VERSION))) {
      throw fail(version, "schemaVersion " + declared + " is not one this plugin reads: it reads "
          + "schema version " + PlatformProfile.SCHEMA_VERSION + ". Use a paas-maven-plugin that "
          + "knows version " + declared + ", or write the profile in version "
          + PlatformProfile.SCHEMA_VERSION);
    }
    String name = top.containsKey("name") ? scalar(top.get("name"), "name") : lower.name();
    List<OfficialImage> images = top.containsKey("officialImages")
        ? officialImages(top.get("officialImages")) : lower.officialImages();
    Map<String, Offer> options = new LinkedHashMap<>(lower.options());
    if (top.containsKey("options")) {
      offers(top.get("options"), Offer.Kind.OPTION, options);
    }
    Map<String, Offer> services = new LinkedHashMap<>(lower.services());
    if (top.containsKey("services")) {
      offers(top.get("services"), Offer.Kind.SERVICE, services);
    }
    Policy policy = top.containsKey("policy") ? policy(top.get("policy"), lower.policy()) : lower.policy();
    PlatformProfile.Advisories advisories = top.containsKey("advisories")
        ? advisories(top.get("advisories"), lower.advisories()) : lower.advisories();
    PlatformProfile.SandboxPolicy sandbox = top.containsKey("sandbox")
        ? sandbox(top.get("sandbox")) : lower.sandbox();
    SecretRuleSettings secrets = top.containsKey("secrets")
        ? secrets(top.get("secrets"), lower.secrets()) : lower.secrets();
    PlatformProfile.CachePolicy cache = top.containsKey("cache")
        ? cache(top.get("cache"), lower.cache()) : lower.cache();
    return new PlatformProfile(source, name, images, options, services, policy, advisories, sandbox,
        secrets, cache);
  }

  /**
   * The {@code secrets} section, added to the lower profile's: rule files (inline TOML, or files
   * next to the profile, in this plugin's format or gitleaks'), rule ids to turn off, paths and
   * value hashes to allow. Checked here, so a rule RE2 cannot compile fails the profile's load
   * with its id.
   */
  private SecretRuleSettings secrets(Node node, SecretRuleSettings lower) {
    Map<String, Node> fields = mapping(node, "secrets", SECRETS_KEYS);
    List<SecretRuleSettings.RuleText> files = new ArrayList<>(lower.ruleFiles());
    if (fields.containsKey("rules")) {
      files.add(new SecretRuleSettings.RuleText(source + " (secrets.rules)",
          scalar(fields.get("rules"), "secrets.rules")));
    }
    if (fields.containsKey("ruleFiles")) {
      List<Node> items = sequence(fields.get("ruleFiles"), "secrets.ruleFiles");
      for (Node item : items) {
        String file = scalar(item, "secrets.ruleFiles entry");
        files.add(new SecretRuleSettings.RuleText(file, ruleFile(item, file)));
      }
    }
    List<String> disabled = new ArrayList<>(lower.disabled());
    if (fields.containsKey("disable")) {
      disabled.addAll(strings(fields.get("disable"), "secrets.disable"));
    }
    List<String> paths = new ArrayList<>(lower.allowedPaths());
    List<String> values = new ArrayList<>(lower.allowedValueHashes());
    if (fields.containsKey("allow")) {
      Map<String, Node> allow = mapping(fields.get("allow"), "secrets.allow", SECRETS_ALLOW_KEYS);
      if (allow.containsKey("paths")) {
        paths.addAll(strings(allow.get("paths"), "secrets.allow.paths"));
      }
      if (allow.containsKey("values")) {
        values.addAll(strings(allow.get("values"), "secrets.allow.values"));
      }
    }
    SecretRuleSettings settings = new SecretRuleSettings(files, disabled, paths, values);
    rules.secretRulesProblem(settings).ifPresent(problem -> {
      throw fail(node, problem);
    });
    return settings;
  }

  /** A rule file named by the profile: absolute, or relative to the profile's own directory. */
  private String ruleFile(Node node, String name) {
    Path path = Path.of(name);
    if (!path.isAbsolute()) {
      Path profile = Path.of(source);
      if (!profile.isAbsolute() || !Files.isRegularFile(profile)) {
        throw fail(node, "'" + name + "' is relative, but this profile is not a local file: "
            + "give the rule file's absolute path, or put its rules inline under secrets.rules");
      }
      path = profile.getParent().resolve(name);
    }
    try {
      if (!Files.isRegularFile(path) || Files.size(path) > 2L * rules.maxSecretRuleFileCharacters()) {
        throw fail(node, "'" + path + "' is not a readable rule file of at most "
            + rules.maxSecretRuleFileCharacters() + " characters");
      }
      return Files.readString(path);
    } catch (IOException | RuntimeException e) {
      if (e instanceof Invalid invalid) {
        throw invalid;
      }
      throw fail(node, "cannot read the rule file '" + path + "': " + e.getMessage());
    }
  }

  private List<OfficialImage> officialImages(Node node) {
    List<OfficialImage> images = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    boolean haveDefault = false;
    for (Node item : sequence(node, "officialImages")) {
      Map<String, Node> fields = mapping(item, "an official image", IMAGE_KEYS);
      String name = name(required(item, fields, "name", "the official image's name, e.g. java17"),
          "official image");
      if (!names.add(name)) {
        throw fail(fields.get("name"), "the official image '" + name + "' is listed twice");
      }
      Node repositoryNode = required(item, fields, "repository",
          "its registry repository, e.g. registry.example/base/java17");
      String repository = scalar(repositoryNode, "repository");
      if (repository.contains("@") || repository.lastIndexOf(':') > repository.lastIndexOf('/')) {
        throw fail(repositoryNode, "'" + repository + "' has a tag or digest: write the repository "
            + "alone, e.g. registry.example/base/java17, and list accepted versions in 'tags'");
      }
      try {
        if (!ImageReference.parse(repository, "repository").isRegistry()) {
          throw fail(repositoryNode, "'" + repository + "' is not a registry repository");
        }
      } catch (InvalidReferenceException e) {
        throw fail(repositoryNode, "'" + repository + "' is not a registry repository: " + e.getMessage());
      }
      List<String> tags = fields.containsKey("tags") ? strings(fields.get("tags"), "tags") : List.of();
      boolean isDefault = fields.containsKey("default") && bool(fields.get("default"), "default");
      if (isDefault && haveDefault) {
        throw fail(fields.get("default"), "only one official image can be the default");
      }
      haveDefault |= isDefault;
      images.add(new OfficialImage(name, repository, tags, isDefault));
    }
    return images;
  }

  // Into the lower profile's offers: a name replaces the lower one; a name with no value ('wget: ~'
  // or 'wget:') removes it.
  private void offers(Node node, Offer.Kind kind, Map<String, Offer> offers) {
    String what = kind == Offer.Kind.OPTION ? "options" : "services";
    for (NodeTuple tuple : mappingNode(node, what).getValue()) {
      String name = name(tuple.getKeyNode(), kind.label());
      Node value = tuple.getValueNode();
      if (value instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
        if (offers.remove(name) == null) {
          throw fail(tuple.getKeyNode(), "'" + name + ":' with no value removes an inherited "
              + kind.label() + ", but the profile below offers none of that name."
              + NearestNames.suggestion(name, offers.keySet()) + " To define it, give its description and changes");
        }
        continue;
      }
      offers.put(name, offer(kind, name, value));
    }
  }

  private Offer offer(Offer.Kind kind, String name, Node node) {
    String what = "the " + kind.label() + " '" + name + "'";
    Map<String, Node> fields = mapping(node, what, kind == Offer.Kind.OPTION ? OPTION_KEYS : SERVICE_KEYS);
    String description = scalar(required(node, fields, "description",
        "one line saying what " + what + " does, shown by paas:options"), "description");
    List<String> environments = new ArrayList<>();
    if (fields.containsKey("environments")) {
      for (Node item : sequence(fields.get("environments"), "environments")) {
        String environment = scalar(item, "environment");
        if (!ENVIRONMENT.matcher(environment).matches()) {
          throw fail(item, "'" + environment + "' is not an environment name: use lower-case "
              + "letters, digits, '.', '_' or '-'");
        }
        environments.add(environment);
      }
    }
    Map<OsFamily, String> run = fields.containsKey("run") ? run(fields.get("run")) : Map.of();
    Optional<String> artifact = Optional.empty();
    if (fields.containsKey("artifact")) {
      String coordinates = scalar(fields.get("artifact"), "artifact");
      if (!COORDINATES.matcher(coordinates).matches()) {
        throw fail(fields.get("artifact"), "'" + coordinates + "' is not a Maven artifact: write "
            + "groupId:artifactId:version[:extension[:classifier]], e.g. "
            + "org.jacoco:org.jacoco.agent:0.8.15:jar:runtime");
      }
      artifact = Optional.of(coordinates);
    } else if (kind == Offer.Kind.SERVICE) {
      throw fail(node, what + " has no 'artifact': a service brings a Maven artifact, "
          + "groupId:artifactId:version[:extension[:classifier]]");
    }
    List<ImageFile> files = fields.containsKey("files") ? files(fields.get("files"), kind) : List.of();
    Map<String, String> env = new LinkedHashMap<>();
    if (fields.containsKey("env")) {
      for (NodeTuple tuple : mappingNode(fields.get("env"), "env").getValue()) {
        String variable = scalar(tuple.getKeyNode(), "variable name");
        if (!VARIABLE.matcher(variable).matches()) {
          throw fail(tuple.getKeyNode(), "'" + variable + "' is not an environment variable name");
        }
        if (variable.equals("JAVA_TOOL_OPTIONS")) {
          throw fail(tuple.getKeyNode(), "set JVM flags with 'jvmFlags', not JAVA_TOOL_OPTIONS: the "
              + "plugin assembles JAVA_TOOL_OPTIONS from the flags of every option and service");
        }
        env.put(variable, placeholders(tuple.getValueNode(), scalar(tuple.getValueNode(), variable), kind));
      }
    }
    List<String> jvmFlags = new ArrayList<>();
    if (fields.containsKey("jvmFlags")) {
      for (Node item : sequence(fields.get("jvmFlags"), "jvmFlags")) {
        String flag = scalar(item, "JVM flag");
        if (!flag.startsWith("-") || flag.chars().anyMatch(Character::isWhitespace)) {
          throw fail(item, "'" + flag + "' is not a JVM flag: each starts with '-' and has no spaces "
              + "(JAVA_TOOL_OPTIONS splits on spaces)");
        }
        jvmFlags.add(placeholders(item, flag, kind));
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (fields.containsKey("labels")) {
      for (NodeTuple tuple : mappingNode(fields.get("labels"), "labels").getValue()) {
        String label = scalar(tuple.getKeyNode(), "label");
        if (label.isBlank() || RESERVED_LABELS.contains(label)) {
          throw fail(tuple.getKeyNode(), label.isBlank() ? "an empty label name" : "the label " + label
              + " is set by the plugin itself; choose another name (e.g. under dev.paas.service.<name>.)");
        }
        labels.put(label, scalar(tuple.getValueNode(), label));
      }
    }
    List<String> ports = new ArrayList<>();
    if (fields.containsKey("ports")) {
      for (Node item : sequence(fields.get("ports"), "ports")) {
        String port = scalar(item, "port").toLowerCase(Locale.ROOT);
        Matcher m = PORT.matcher(port);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
          throw fail(item, "'" + port + "' is not a port: write a number from 1 to 65535, "
              + "optionally with /tcp or /udp");
        }
        ports.add(port);
      }
    }
    Map<String, String> scripts = new LinkedHashMap<>();
    if (fields.containsKey("scripts")) {
      for (NodeTuple tuple : mappingNode(fields.get("scripts"), "scripts").getValue()) {
        String script = scalar(tuple.getKeyNode(), "script name");
        if (!script.matches("[a-z][a-z0-9-]{0,31}")) {
          throw fail(tuple.getKeyNode(), "'" + script + "' is not a script name: use lower-case "
              + "letters, digits and '-', e.g. start, stop, dump, reset");
        }
        scripts.put(script, scalar(tuple.getValueNode(), "script " + script));
      }
    }
    Optional<URI> registration = Optional.empty();
    if (fields.containsKey("registration")) {
      Node at = fields.get("registration");
      String url = scalar(at, "registration");
      try {
        URI uri = new URI(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          throw fail(at, "'" + url + "' is not an http or https URL; registration is the URL "
              + "paas:push POSTs the service, environment, image and digest to");
        }
        registration = Optional.of(uri);
      } catch (URISyntaxException e) {
        throw fail(at, "'" + url + "' is not a URL: " + e.getReason());
      }
    }
    return new Offer(kind, name, description, environments, run, files, env, jvmFlags, labels,
        ports, artifact, scripts, registration);
  }

  private Map<OsFamily, String> run(Node node) {
    if (node instanceof ScalarNode) {
      return Map.of(OsFamily.UNKNOWN, scalar(node, "run"));
    }
    Map<OsFamily, String> run = new LinkedHashMap<>();
    mapping(node, "run", RUN_KEYS).forEach((family, script) -> run.put(
        family.equals("any") ? OsFamily.UNKNOWN : OsFamily.fromKey(family), scalar(script, "run." + family)));
    if (run.isEmpty()) {
      throw fail(node, "'run' has no commands: give them per OS family (debian, rhel, alpine, any)");
    }
    return run;
  }

  private List<ImageFile> files(Node node, Offer.Kind kind) {
    List<ImageFile> files = new ArrayList<>();
    for (Node item : sequence(node, "files")) {
      Map<String, Node> fields = mapping(item, "a file", FILE_KEYS);
      Node pathNode = required(item, fields, "path", "where the file goes in the image");
      String path = scalar(pathNode, "path");
      boolean absolute = path.startsWith("/");
      if (path.isEmpty() || path.endsWith("/") || List.of(path.split("/")).contains("..")
          || (!absolute && kind == Offer.Kind.OPTION)) {
        throw fail(pathNode, "'" + path + "' is not a file path: "
            + (kind == Offer.Kind.OPTION ? "give an absolute path" : "give an absolute path, or one "
            + "relative to the service's directory") + " without '..'");
      }
      String content = scalar(required(item, fields, "content", "the file's text"), "content");
      int mode = 0644;
      if (fields.containsKey("mode")) {
        String text = scalar(fields.get("mode"), "mode");
        if (!text.matches("0?[0-7]{3}")) {
          throw fail(fields.get("mode"), "'" + text + "' is not a file mode: write octal digits "
              + "in quotes, e.g. \"0644\" or \"0755\"");
        }
        mode = Integer.parseInt(text, 8);
      }
      files.add(new ImageFile(path, content, mode));
    }
    return files;
  }

  private Policy policy(Node node, Policy lower) {
    Map<String, Node> fields = mapping(node, "policy", POLICY_KEYS);
    Map<String, Policy.Level> levels = new LinkedHashMap<>(lower.levels());
    if (fields.containsKey("rules")) {
      for (NodeTuple tuple : mappingNode(fields.get("rules"), "rules").getValue()) {
        String rule = scalar(tuple.getKeyNode(), "rule id");
        if (!rules.ids().contains(rule)) {
          throw fail(tuple.getKeyNode(), "'" + rule + "' is not a rule id." + NearestNames.suggestion(rule, rules.ids())
              + " The rules are " + String.join(", ", rules.ids()));
        }
        Policy.Level level = choice(tuple.getValueNode(), "level", Policy.Level.class);
        if (rules.mandatory().contains(rule) && level != Policy.Level.ERROR) {
          throw fail(tuple.getValueNode(), "'" + rule + "' is mandatory: its level is always error");
        }
        levels.put(rule, level);
      }
    }
    Policy.Severity severity = fields.containsKey("severity")
        ? choice(fields.get("severity"), "severity", Policy.Severity.class) : lower.severity();
    List<String> protectedPaths = lower.protectedPaths();
    if (fields.containsKey("protectedPaths")) {
      protectedPaths = strings(fields.get("protectedPaths"), "protectedPaths");
      List<Node> items = sequence(fields.get("protectedPaths"), "protectedPaths");
      for (int i = 0; i < items.size(); i++) {
        if (!protectedPaths.get(i).startsWith("/")) {
          throw fail(items.get(i), "'" + protectedPaths.get(i) + "' is not an absolute path");
        }
      }
    }
    List<String> descriptors = fields.containsKey("runtimeDescriptors")
        ? strings(fields.get("runtimeDescriptors"), "runtimeDescriptors") : lower.runtimeDescriptors();
    Optional<String> publicKey = lower.publicKey();
    if (fields.containsKey("publicKey")) {
      String pem = scalar(fields.get("publicKey"), "publicKey").strip();
      try {
        PemPublicKey.parse(pem);
      } catch (IllegalArgumentException e) {
        throw fail(fields.get("publicKey"), e.getMessage());
      }
      publicKey = Optional.of(pem);
    }
    List<String> allowed = lower.allowedSecrets();
    if (fields.containsKey("allowedSecrets")) {
      allowed = strings(fields.get("allowedSecrets"), "allowedSecrets");
      List<Node> items = sequence(fields.get("allowedSecrets"), "allowedSecrets");
      for (int i = 0; i < items.size(); i++) {
        if (!allowed.get(i).matches("[0-9a-f]{16}")) {
          throw fail(items.get(i), "'" + allowed.get(i) + "' is not a secret's fingerprint: copy "
              + "the 16 hex digits of the finding's fingerprint from the check's report");
        }
      }
    }
    return new Policy(levels, severity, protectedPaths, descriptors, publicKey, allowed);
  }

  private PlatformProfile.Advisories advisories(Node node, PlatformProfile.Advisories lower) {
    Map<String, Node> fields = mapping(node, "advisories", ADVISORY_KEYS);
    Optional<String> db = fields.containsKey("vulnerabilityDb")
        ? Optional.of(scalar(fields.get("vulnerabilityDb"), "vulnerabilityDb")) : lower.vulnerabilityDb();
    boolean api = fields.containsKey("osvApi") ? bool(fields.get("osvApi"), "osvApi") : lower.osvApi();
    return new PlatformProfile.Advisories(db, api);
  }

  private PlatformProfile.SandboxPolicy sandbox(Node node) {
    Map<String, Node> fields = mapping(node, "sandbox", SANDBOX_KEYS);
    if (!fields.containsKey("network")) {
      return PlatformProfile.SandboxPolicy.DEFAULT;
    }
    String network = scalar(fields.get("network"), "network");
    try {
      return new PlatformProfile.SandboxPolicy(RunNetwork.parse(network));
    } catch (PaasException e) {
      throw fail(fields.get("network"), "'" + network + "' is not a sandbox network: use isolated "
          + "(the default: the outside, not the host's loopback), none, or host");
    }
  }

  private PlatformProfile.CachePolicy cache(Node node, PlatformProfile.CachePolicy lower) {
    Map<String, Node> fields = mapping(node, "cache", CACHE_KEYS);
    Optional<String> repository = lower.repository();
    if (fields.containsKey("repository")) {
      String value = scalar(fields.get("repository"), "repository");
      if (!CACHE_REPOSITORY.matcher(value).matches()) {
        throw fail(fields.get("repository"), "'" + value + "' is not a cache repository: write "
            + "REGISTRY/REPOSITORY, e.g. registry.example.com/paas/cache, without a tag");
      }
      repository = Optional.of(value);
    }
    boolean push = fields.containsKey("push") ? bool(fields.get("push"), "push") : lower.push();
    return new PlatformProfile.CachePolicy(repository, push);
  }

  // ---- typed access to nodes, each failure located ----

  private String placeholders(Node node, String value, Offer.Kind kind) {
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      String name = m.group(1);
      boolean known = kind == Offer.Kind.SERVICE && (name.equals("artifact") || name.equals("dir"));
      if (!known) {
        throw fail(node, "'${" + name + "}' is not a placeholder this plugin fills in: "
            + (kind == Offer.Kind.SERVICE ? "a service's flags and variables may use ${artifact} "
            + "(the artifact's path in the image) and ${dir} (the service's directory)"
            : "options have no placeholders"));
      }
    }
    return value;
  }

  private <E extends Enum<E>> E choice(Node node, String what, Class<E> type) {
    String text = scalar(node, what);
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw fail(node, "'" + text + "' is not a " + what + ": expected one of "
        + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
            .map(v -> v.name().toLowerCase(Locale.ROOT)).toList()));
  }

  private String name(Node node, String kind) {
    String name = scalar(node, kind + " name");
    if (!NAME.matcher(name).matches()) {
      throw fail(node, "'" + name + "' is not a valid " + kind + " name: use lower-case letters, "
          + "digits and '-', starting with a letter or digit");
    }
    return name;
  }

  private Node required(Node owner, Map<String, Node> fields, String key, String expected) {
    Node node = fields.get(key);
    if (node == null) {
      throw fail(owner, "'" + key + "' is missing: expected " + expected);
    }
    return node;
  }

  private Map<String, Node> mapping(Node node, String what, List<String> keys) {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode(node, what).getValue()) {
      String key = scalar(tuple.getKeyNode(), "key");
      if (!keys.contains(key)) {
        throw fail(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + "."
            + NearestNames.suggestion(key, keys) + " Expected: " + String.join(", ", keys));
      }
      fields.put(key, tuple.getValueNode());
    }
    return fields;
  }

  private MappingNode mappingNode(Node node, String what) {
    if (node instanceof MappingNode mapping) {
      Set<String> seen = new LinkedHashSet<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = scalar(tuple.getKeyNode(), "key");
        if (!seen.add(key)) {
          throw fail(tuple.getKeyNode(), "'" + key + "' appears twice in " + what);
        }
      }
      return mapping;
    }
    throw fail(node, "expected a mapping (key: value lines) for " + what + ", found " + describe(node));
  }

  private List<Node> sequence(Node node, String what) {
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    throw fail(node, "expected a list ('- item' lines or [a, b]) for " + what + ", found " + describe(node));
  }

  private List<String> strings(Node node, String what) {
    return sequence(node, what).stream().map(item -> scalar(item, what + " item")).toList();
  }

  private boolean bool(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
      // YAML 1.1 booleans: true/false, yes/no, on/off, in any case.
      return List.of("true", "yes", "on", "y").contains(scalar.getValue().toLowerCase(Locale.ROOT));
    }
    throw fail(node, "expected true or false for " + what + ", found " + describe(node));
  }

  private String scalar(Node node, String what) {
    if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
      return scalar.getValue();
    }
    throw fail(node, "expected a value for " + what + ", found " + describe(node));
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return Tag.NULL.equals(node.getTag()) ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }

  private Invalid fail(Node node, String message) {
    return new Invalid(at(source, node.getStartMark()) + message);
  }

  private static String at(String source, Mark mark) {
    return mark == null ? source + ": "
        : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }
}
