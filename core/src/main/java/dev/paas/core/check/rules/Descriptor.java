package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The text of one runtime descriptor, read as YAML documents with positions, and how findings in it
 * are named.
 *
 * @param file which file
 * @param original the text as written
 * @param yaml what is parsed: the text, or for a Helm template the text with its actions
 *     neutralised (same lines, columns and offsets)
 * @param template whether it is a Helm template
 */
record Descriptor(DescriptorFile file, String original, String yaml, boolean template) {
  /** The largest descriptor read: manifests are kilobytes; more is a mistake or an attack. */
  static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

  // Compose files share settings through anchors (x-defaults: &defaults); a bomb needs far more.
  private static final int MAX_ALIASES = 50;
  private static final int MAX_NESTING = 50;
  private static final Pattern TEMPLATES = Pattern.compile("(^|/)templates/");

  /** The descriptor {@code text}; files under a {@code templates/} directory are Helm templates. */
  static Descriptor of(DescriptorFile file, String text) {
    String unmarked = text.startsWith("\uFEFF") ? text.substring(1) : text;
    if (file.relativePath().toLowerCase(Locale.ROOT).endsWith(".json")) {
      // YAML does not indent with tabs; in valid JSON a raw tab can only be whitespace, so a
      // space in its place changes no offset and no meaning.
      unmarked = unmarked.replace('\t', ' ');
    }
    boolean template = TEMPLATES.matcher(file.relativePath()).find() && text.contains("{{");
    return new Descriptor(
        file, unmarked, template ? HelmTemplate.neutralise(unmarked) : unmarked, template);
  }

  /**
   * Every YAML document, empty ones left out.
   *
   * @throws YAMLException if the text is not YAML, or is a YAML bomb
   */
  List<Node> documents() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    Yaml yaml = new Yaml(options, new DumperOptions());
    List<Node> documents = new ArrayList<>();
    for (Node document : yaml.composeAll(new StringReader(this.yaml))) {
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }

  /** The scalar's value if it is a scalar written literally, not computed by a template action. */
  Optional<String> literal(Node node) {
    if (!(node instanceof ScalarNode scalar) || templated(node)) {
      return Optional.empty();
    }
    return Optional.of(scalar.getValue());
  }

  /** How a finding names a scalar: its value, or the template action written there. */
  String label(Node node, String fallback) {
    if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
      return fallback;
    }
    if (!templated(node)) {
      return scalar.getValue();
    }
    String written = span(original, node).strip();
    return written.length() >= 2 && (written.startsWith("\"") || written.startsWith("'"))
        ? written.substring(1, written.length() - 1)
        : written;
  }

  /** A finding named {@code file#what}, at the start of {@code node}. */
  Finding finding(String what, String message, Node node) {
    return Finding.of(
        PrivilegedRuntimeRule.ID,
        file.relativePath() + "#" + what,
        message,
        Location.inProject(
            file.relativePath(),
            node.getStartMark().getLine() + 1,
            node.getStartMark().getColumn() + 1));
  }

  // Placeholders have the action's length, so the parsed span differs from the original exactly
  // where an action was.
  private boolean templated(Node node) {
    return template && !span(yaml, node).equals(span(original, node));
  }

  // Marks count code points; the strings index chars.
  private static String span(String text, Node node) {
    int start = node.getStartMark().getIndex();
    int end = node.getEndMark().getIndex();
    try {
      int from = text.offsetByCodePoints(0, start);
      return text.substring(from, text.offsetByCodePoints(from, end - start));
    } catch (IndexOutOfBoundsException e) {
      return "";
    }
  }
}
