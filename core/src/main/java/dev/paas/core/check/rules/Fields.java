package dev.paas.core.check.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The fields of a YAML mapping as its reader sees them: every occurrence of a repeated key, so a
 * later {@code privileged: true} cannot hide behind an earlier {@code false} (nor the other way
 * round), and merge keys ({@code <<: *defaults}) resolved, the mapping's own keys winning.
 */
final class Fields {
  // Merges of merges are legal; a bound keeps a self-referencing merge from looping.
  private static final int MAX_MERGE_DEPTH = 8;

  private Fields() {}

  /** The effective key/value pairs of {@code node}; none if it is not a mapping. */
  static List<NodeTuple> of(Node node) {
    return of(node, 0);
  }

  /** Every value at the path of keys below {@code node}. */
  static List<Node> at(Node node, String... path) {
    List<Node> current = List.of(node);
    for (String key : path) {
      List<Node> next = new ArrayList<>();
      for (Node parent : current) {
        for (NodeTuple tuple : of(parent)) {
          if (key.equals(key(tuple))) {
            next.add(tuple.getValueNode());
          }
        }
      }
      current = next;
    }
    return current;
  }

  /** The items of every sequence in {@code nodes}. */
  static List<Node> items(List<Node> nodes) {
    List<Node> items = new ArrayList<>();
    for (Node node : nodes) {
      if (node instanceof SequenceNode sequence) {
        items.addAll(sequence.getValue());
      }
    }
    return items;
  }

  /** The key of a pair if it is a scalar, else {@code null}. */
  static String key(NodeTuple tuple) {
    return tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
  }

  private static List<NodeTuple> of(Node node, int depth) {
    if (!(node instanceof MappingNode mapping)) {
      return List.of();
    }
    List<NodeTuple> own = new ArrayList<>();
    List<Node> merged = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (Tag.MERGE.equals(tuple.getKeyNode().getTag())) {
        Node value = tuple.getValueNode();
        merged.addAll(
            value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value));
      } else {
        own.add(tuple);
      }
    }
    if (merged.isEmpty() || depth >= MAX_MERGE_DEPTH) {
      return own;
    }
    Set<String> seen = new HashSet<>();
    own.forEach(tuple -> seen.add(key(tuple)));
    List<NodeTuple> all = new ArrayList<>(own);
    // Of several merged mappings, the first that has a key gives its value.
    for (Node source : merged) {
      Set<String> fromThis = new HashSet<>();
      for (NodeTuple tuple : of(source, depth + 1)) {
        String key = key(tuple);
        if (!seen.contains(key)) {
          all.add(tuple);
          fromThis.add(key);
        }
      }
      seen.addAll(fromThis);
    }
    return all;
  }
}
