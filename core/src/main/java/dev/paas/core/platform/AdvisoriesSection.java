package dev.paas.core.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a profile's {@code advisories} section: where {@code paas:check} finds advisories. */
final class AdvisoriesSection {
  private static final List<String> ADVISORY_KEYS = List.of("vulnerabilityDb", "osvApi");

  private final YamlNodes nodes;

  AdvisoriesSection(YamlNodes nodes) {
    this.nodes = nodes;
  }

  PlatformProfile.Advisories advisories(Node node, PlatformProfile.Advisories lower) {
    Map<String, Node> fields = nodes.mapping(node, "advisories", ADVISORY_KEYS);
    Optional<String> db =
        fields.containsKey("vulnerabilityDb")
            ? Optional.of(nodes.scalar(fields.get("vulnerabilityDb"), "vulnerabilityDb"))
            : lower.vulnerabilityDb();
    boolean api =
        fields.containsKey("osvApi") ? nodes.bool(fields.get("osvApi"), "osvApi") : lower.osvApi();
    return new PlatformProfile.Advisories(db, api);
  }
}
