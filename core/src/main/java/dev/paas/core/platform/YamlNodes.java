package dev.paas.core.platform;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed access to the nodes of one profile's YAML: each failure names the profile and the line and
 * column of the node, so every section reader reports errors the same way.
 */
final class YamlNodes {
  /** An error at a place in the text; turned into a {@link PaasException} with that place. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final String source;

  YamlNodes(String source) {
    this.source = source;
  }

  /** Where the profile comes from, as errors name it. */
  String source() {
    return source;
  }

  <E extends Enum<E>> E choice(Node node, String what, Class<E> type) {
    String text = scalar(node, what);
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw fail(
        node,
        "'"
            + text
            + "' is not a "
            + what
            + ": expected one of "
            + String.join(
                ", ",
                Arrays.stream(type.getEnumConstants())
                    .map(v -> v.name().toLowerCase(Locale.ROOT))
                    .toList()));
  }

  String name(Node node, String kind) {
    String name = scalar(node, kind + " name");
    if (!ProfileParser.NAME.matcher(name).matches()) {
      throw fail(
          node,
          "'"
              + name
              + "' is not a valid "
              + kind
              + " name: use lower-case letters, "
              + "digits and '-', starting with a letter or digit");
    }
    return name;
  }

  Node required(Node owner, Map<String, Node> fields, String key, String expected) {
    Node node = fields.get(key);
    if (node == null) {
      throw fail(owner, "'" + key + "' is missing: expected " + expected);
    }
    return node;
  }

  Map<String, Node> mapping(Node node, String what, List<String> keys) {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode(node, what).getValue()) {
      String key = scalar(tuple.getKeyNode(), "key");
      if (!keys.contains(key)) {
        throw fail(
            tuple.getKeyNode(),
            "unknown key '"
                + key
                + "' in "
                + what
                + "."
                + NearestNames.suggestion(key, keys)
                + " Expected: "
                + String.join(", ", keys));
      }
      fields.put(key, tuple.getValueNode());
    }
    return fields;
  }

  MappingNode mappingNode(Node node, String what) {
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
    throw fail(
        node, "expected a mapping (key: value lines) for " + what + ", found " + describe(node));
  }

  List<Node> sequence(Node node, String what) {
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    throw fail(
        node,
        "expected a list ('- item' lines or [a, b]) for " + what + ", found " + describe(node));
  }

  List<String> strings(Node node, String what) {
    return sequence(node, what).stream().map(item -> scalar(item, what + " item")).toList();
  }

  boolean bool(Node node, String what) {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
      // YAML 1.1 booleans: true/false, yes/no, on/off, in any case.
      return List.of("true", "yes", "on", "y").contains(scalar.getValue().toLowerCase(Locale.ROOT));
    }
    throw fail(node, "expected true or false for " + what + ", found " + describe(node));
  }

  String scalar(Node node, String what) {
    if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
      return scalar.getValue();
    }
    throw fail(node, "expected a value for " + what + ", found " + describe(node));
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return Tag.NULL.equals(node.getTag()) ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }

  Invalid fail(Node node, String message) {
    return new Invalid(at(source, node.getStartMark()) + message);
  }

  static String at(String source, Mark mark) {
    return mark == null
        ? source + ": "
        : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }
}
