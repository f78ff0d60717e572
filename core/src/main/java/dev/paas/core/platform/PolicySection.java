package dev.paas.core.platform;

import dev.paas.core.keys.PemPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Reads a profile's {@code policy} section. */
final class PolicySection {
  private static final List<String> POLICY_KEYS =
      List.of(
          "rules",
          "severity",
          "protectedPaths",
          "runtimeDescriptors",
          "publicKey",
          "allowedSecrets");

  private final YamlNodes nodes;
  private final KnownRules rules;

  PolicySection(YamlNodes nodes, KnownRules rules) {
    this.nodes = nodes;
    this.rules = rules;
  }

  Policy policy(Node node, Policy lower) {
    Map<String, Node> fields = nodes.mapping(node, "policy", POLICY_KEYS);
    Map<String, Policy.Level> levels = new LinkedHashMap<>(lower.levels());
    if (fields.containsKey("rules")) {
      for (NodeTuple tuple : nodes.mappingNode(fields.get("rules"), "rules").getValue()) {
        String rule = nodes.scalar(tuple.getKeyNode(), "rule id");
        if (!rules.ids().contains(rule)) {
          throw nodes.fail(
              tuple.getKeyNode(),
              "'"
                  + rule
                  + "' is not a rule id."
                  + NearestNames.suggestion(rule, rules.ids())
                  + " The rules are "
                  + String.join(", ", rules.ids()));
        }
        Policy.Level level = nodes.choice(tuple.getValueNode(), "level", Policy.Level.class);
        if (rules.mandatory().contains(rule) && level != Policy.Level.ERROR) {
          throw nodes.fail(
              tuple.getValueNode(), "'" + rule + "' is mandatory: its level is always error");
        }
        levels.put(rule, level);
      }
    }
    Policy.Severity severity =
        fields.containsKey("severity")
            ? nodes.choice(fields.get("severity"), "severity", Policy.Severity.class)
            : lower.severity();
    List<String> protectedPaths = lower.protectedPaths();
    if (fields.containsKey("protectedPaths")) {
      protectedPaths = nodes.strings(fields.get("protectedPaths"), "protectedPaths");
      List<Node> items = nodes.sequence(fields.get("protectedPaths"), "protectedPaths");
      for (int i = 0; i < items.size(); i++) {
        if (!protectedPaths.get(i).startsWith("/")) {
          throw nodes.fail(items.get(i), "'" + protectedPaths.get(i) + "' is not an absolute path");
        }
      }
    }
    List<String> descriptors =
        fields.containsKey("runtimeDescriptors")
            ? nodes.strings(fields.get("runtimeDescriptors"), "runtimeDescriptors")
            : lower.runtimeDescriptors();
    Optional<String> publicKey = lower.publicKey();
    if (fields.containsKey("publicKey")) {
      String pem = nodes.scalar(fields.get("publicKey"), "publicKey").strip();
      try {
        PemPublicKey.parse(pem);
      } catch (IllegalArgumentException e) {
        throw nodes.fail(fields.get("publicKey"), e.getMessage());
      }
      publicKey = Optional.of(pem);
    }
    List<String> allowed = lower.allowedSecrets();
    if (fields.containsKey("allowedSecrets")) {
      allowed = nodes.strings(fields.get("allowedSecrets"), "allowedSecrets");
      List<Node> items = nodes.sequence(fields.get("allowedSecrets"), "allowedSecrets");
      for (int i = 0; i < items.size(); i++) {
        if (!allowed.get(i).matches("[0-9a-f]{16}")) {
          throw nodes.fail(
              items.get(i),
              "'"
                  + allowed.get(i)
                  + "' is not a secret's fingerprint: copy "
                  + "the 16 hex digits of the finding's fingerprint from the check's report");
        }
      }
    }
    return new Policy(levels, severity, protectedPaths, descriptors, publicKey, allowed);
  }
}
