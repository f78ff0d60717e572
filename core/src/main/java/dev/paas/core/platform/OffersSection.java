package dev.paas.core.platform;

import dev.paas.core.run.OsFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a profile's {@code options} and {@code services} sections. */
final class OffersSection {
  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(/(tcp|udp))?");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final List<String> OPTION_KEYS =
      List.of("description", "environments", "run", "files", "env", "jvmFlags", "labels", "ports");
  private static final List<String> SERVICE_KEYS =
      List.of(
          "description",
          "environments",
          "artifact",
          "files",
          "env",
          "jvmFlags",
          "labels",
          "ports",
          "scripts",
          "registration");
  private static final List<String> RUN_KEYS = List.of("debian", "rhel", "alpine", "any");
  private static final List<String> FILE_KEYS = List.of("path", "content", "mode");

  /** Labels the plugin sets on every image; a profile cannot set them. */
  private static final Set<String> RESERVED_LABELS =
      Set.of(
          "org.opencontainers.image.base.name",
          "org.opencontainers.image.base.digest",
          "dev.paas.environment",
          Personalisation.LABEL_OPTIONS,
          Personalisation.LABEL_SERVICES);

  private final YamlNodes nodes;

  OffersSection(YamlNodes nodes) {
    this.nodes = nodes;
  }

  // Into the lower profile's offers: a name replaces the lower one; a name with no value ('wget: ~'
  // or 'wget:') removes it.
  void offers(Node node, Offer.Kind kind, Map<String, Offer> offers) {
    String what = kind == Offer.Kind.OPTION ? "options" : "services";
    for (NodeTuple tuple : nodes.mappingNode(node, what).getValue()) {
      String name = nodes.name(tuple.getKeyNode(), kind.label());
      Node value = tuple.getValueNode();
      if (value instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
        if (offers.remove(name) == null) {
          throw nodes.fail(
              tuple.getKeyNode(),
              "'"
                  + name
                  + ":' with no value removes an inherited "
                  + kind.label()
                  + ", but the profile below offers none of that name."
                  + NearestNames.suggestion(name, offers.keySet())
                  + " To define it, give its description and changes");
        }
        continue;
      }
      offers.put(name, offer(kind, name, value));
    }
  }

  private Offer offer(Offer.Kind kind, String name, Node node) {
    String what = "the " + kind.label() + " '" + name + "'";
    Map<String, Node> fields =
        nodes.mapping(node, what, kind == Offer.Kind.OPTION ? OPTION_KEYS : SERVICE_KEYS);
    String description =
        nodes.scalar(
            nodes.required(
                node,
                fields,
                "description",
                "one line saying what " + what + " does, shown by paas:options"),
            "description");
    List<String> environments = new ArrayList<>();
    if (fields.containsKey("environments")) {
      for (Node item : nodes.sequence(fields.get("environments"), "environments")) {
        String environment = nodes.scalar(item, "environment");
        if (!ENVIRONMENT.matcher(environment).matches()) {
          throw nodes.fail(
              item,
              "'"
                  + environment
                  + "' is not an environment name: use lower-case "
                  + "letters, digits, '.', '_' or '-'");
        }
        environments.add(environment);
      }
    }
    Map<OsFamily, String> run = fields.containsKey("run") ? run(fields.get("run")) : Map.of();
    Optional<String> artifact = Optional.empty();
    if (fields.containsKey("artifact")) {
      String coordinates = nodes.scalar(fields.get("artifact"), "artifact");
      if (!ProfileParser.COORDINATES.matcher(coordinates).matches()) {
        throw nodes.fail(
            fields.get("artifact"),
            "'"
                + coordinates
                + "' is not a Maven artifact: write "
                + "groupId:artifactId:version[:extension[:classifier]], e.g. "
                + "org.jacoco:org.jacoco.agent:0.8.15:jar:runtime");
      }
      artifact = Optional.of(coordinates);
    } else if (kind == Offer.Kind.SERVICE) {
      throw nodes.fail(
          node,
          what
              + " has no 'artifact': a service brings a Maven artifact, "
              + "groupId:artifactId:version[:extension[:classifier]]");
    }
    List<ImageFile> files =
        fields.containsKey("files") ? files(fields.get("files"), kind) : List.of();
    Map<String, String> env = new LinkedHashMap<>();
    if (fields.containsKey("env")) {
      for (NodeTuple tuple : nodes.mappingNode(fields.get("env"), "env").getValue()) {
        String variable = nodes.scalar(tuple.getKeyNode(), "variable name");
        if (!VARIABLE.matcher(variable).matches()) {
          throw nodes.fail(
              tuple.getKeyNode(), "'" + variable + "' is not an environment variable name");
        }
        if (variable.equals("JAVA_TOOL_OPTIONS")) {
          throw nodes.fail(
              tuple.getKeyNode(),
              "set JVM flags with 'jvmFlags', not JAVA_TOOL_OPTIONS: the "
                  + "plugin assembles JAVA_TOOL_OPTIONS from the flags of every option and service");
        }
        env.put(
            variable,
            placeholders(tuple.getValueNode(), nodes.scalar(tuple.getValueNode(), variable), kind));
      }
    }
    List<String> jvmFlags = new ArrayList<>();
    if (fields.containsKey("jvmFlags")) {
      for (Node item : nodes.sequence(fields.get("jvmFlags"), "jvmFlags")) {
        String flag = nodes.scalar(item, "JVM flag");
        if (!flag.startsWith("-") || flag.chars().anyMatch(Character::isWhitespace)) {
          throw nodes.fail(
              item,
              "'"
                  + flag
                  + "' is not a JVM flag: each starts with '-' and has no spaces "
                  + "(JAVA_TOOL_OPTIONS splits on spaces)");
        }
        jvmFlags.add(placeholders(item, flag, kind));
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (fields.containsKey("labels")) {
      for (NodeTuple tuple : nodes.mappingNode(fields.get("labels"), "labels").getValue()) {
        String label = nodes.scalar(tuple.getKeyNode(), "label");
        if (label.isBlank() || RESERVED_LABELS.contains(label)) {
          throw nodes.fail(
              tuple.getKeyNode(),
              label.isBlank()
                  ? "an empty label name"
                  : "the label "
                      + label
                      + " is set by the plugin itself; choose another name (e.g. under dev.paas.service.<name>.)");
        }
        labels.put(label, nodes.scalar(tuple.getValueNode(), label));
      }
    }
    List<String> ports = new ArrayList<>();
    if (fields.containsKey("ports")) {
      for (Node item : nodes.sequence(fields.get("ports"), "ports")) {
        String port = nodes.scalar(item, "port").toLowerCase(Locale.ROOT);
        Matcher m = PORT.matcher(port);
        if (!m.matches()
            || Integer.parseInt(m.group(1)) < 1
            || Integer.parseInt(m.group(1)) > 65535) {
          throw nodes.fail(
              item,
              "'"
                  + port
                  + "' is not a port: write a number from 1 to 65535, "
                  + "optionally with /tcp or /udp");
        }
        ports.add(port);
      }
    }
    Map<String, String> scripts = new LinkedHashMap<>();
    if (fields.containsKey("scripts")) {
      for (NodeTuple tuple : nodes.mappingNode(fields.get("scripts"), "scripts").getValue()) {
        String script = nodes.scalar(tuple.getKeyNode(), "script name");
        if (!script.matches("[a-z][a-z0-9-]{0,31}")) {
          throw nodes.fail(
              tuple.getKeyNode(),
              "'"
                  + script
                  + "' is not a script name: use lower-case "
                  + "letters, digits and '-', e.g. start, stop, dump, reset");
        }
        scripts.put(script, nodes.scalar(tuple.getValueNode(), "script " + script));
      }
    }
    Optional<URI> registration = Optional.empty();
    if (fields.containsKey("registration")) {
      Node at = fields.get("registration");
      String url = nodes.scalar(at, "registration");
      try {
        URI uri = new URI(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw nodes.fail(
              at,
              "'"
                  + url
                  + "' is not an http or https URL; registration is the URL "
                  + "paas:push POSTs the service, environment, image and digest to");
        }
        registration = Optional.of(uri);
      } catch (URISyntaxException e) {
        throw nodes.fail(at, "'" + url + "' is not a URL: " + e.getReason());
      }
    }
    return new Offer(
        kind,
        name,
        description,
        environments,
        run,
        files,
        env,
        jvmFlags,
        labels,
        ports,
        artifact,
        scripts,
        registration);
  }

  private Map<OsFamily, String> run(Node node) {
    if (node instanceof ScalarNode) {
      return Map.of(OsFamily.UNKNOWN, nodes.scalar(node, "run"));
    }
    Map<OsFamily, String> run = new LinkedHashMap<>();
    nodes
        .mapping(node, "run", RUN_KEYS)
        .forEach(
            (family, script) ->
                run.put(
                    family.equals("any") ? OsFamily.UNKNOWN : OsFamily.fromKey(family),
                    nodes.scalar(script, "run." + family)));
    if (run.isEmpty()) {
      throw nodes.fail(
          node, "'run' has no commands: give them per OS family (debian, rhel, alpine, any)");
    }
    return run;
  }

  private List<ImageFile> files(Node node, Offer.Kind kind) {
    List<ImageFile> files = new ArrayList<>();
    for (Node item : nodes.sequence(node, "files")) {
      Map<String, Node> fields = nodes.mapping(item, "a file", FILE_KEYS);
      Node pathNode = nodes.required(item, fields, "path", "where the file goes in the image");
      String path = nodes.scalar(pathNode, "path");
      boolean absolute = path.startsWith("/");
      if (path.isEmpty()
          || path.endsWith("/")
          || List.of(path.split("/")).contains("..")
          || (!absolute && kind == Offer.Kind.OPTION)) {
        throw nodes.fail(
            pathNode,
            "'"
                + path
                + "' is not a file path: "
                + (kind == Offer.Kind.OPTION
                    ? "give an absolute path"
                    : "give an absolute path, or one " + "relative to the service's directory")
                + " without '..'");
      }
      String content =
          nodes.scalar(nodes.required(item, fields, "content", "the file's text"), "content");
      int mode = 0644;
      if (fields.containsKey("mode")) {
        String text = nodes.scalar(fields.get("mode"), "mode");
        if (!text.matches("0?[0-7]{3}")) {
          throw nodes.fail(
              fields.get("mode"),
              "'"
                  + text
                  + "' is not a file mode: write octal digits "
                  + "in quotes, e.g. \"0644\" or \"0755\"");
        }
        mode = Integer.parseInt(text, 8);
      }
      files.add(new ImageFile(path, content, mode));
    }
    return files;
  }

  private String placeholders(Node node, String value, Offer.Kind kind) {
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      String name = m.group(1);
      boolean known = kind == Offer.Kind.SERVICE && (name.equals("artifact") || name.equals("dir"));
      if (!known) {
        throw nodes.fail(
            node,
            "'${"
                + name
                + "}' is not a placeholder this plugin fills in: "
                + (kind == Offer.Kind.SERVICE
                    ? "a service's flags and variables may use ${artifact} "
                        + "(the artifact's path in the image) and ${dir} (the service's directory)"
                    : "options have no placeholders"));
      }
    }
    return value;
  }
}
