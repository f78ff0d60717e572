package dev.paas.core.platform;

import dev.paas.core.PaasException;
import dev.paas.core.run.RunNetwork;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a profile's {@code sandbox} section: the network the build's steps run with. */
final class SandboxSection {
  private static final List<String> SANDBOX_KEYS = List.of("network");

  private final YamlNodes nodes;

  SandboxSection(YamlNodes nodes) {
    this.nodes = nodes;
  }

  PlatformProfile.SandboxPolicy sandbox(Node node) {
    Map<String, Node> fields = nodes.mapping(node, "sandbox", SANDBOX_KEYS);
    if (!fields.containsKey("network")) {
      return PlatformProfile.SandboxPolicy.DEFAULT;
    }
    String network = nodes.scalar(fields.get("network"), "network");
    try {
      return new PlatformProfile.SandboxPolicy(RunNetwork.parse(network));
    } catch (PaasException e) {
      throw nodes.fail(
          fields.get("network"),
          "'"
              + network
              + "' is not a sandbox network: use isolated "
              + "(the default: the outside, not the host's loopback), none, or host");
    }
  }
}
