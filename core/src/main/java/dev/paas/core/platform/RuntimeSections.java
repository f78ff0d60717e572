package dev.paas.core.platform;

import dev.paas.core.PaasException;
import java.util.regex.Pattern;
import dev.paas.core.run.RunNetwork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a profile's {@code advisories}, {@code sandbox} and {@code cache} sections. */
final class RuntimeSections {
  private static final List<String> ADVISORY_KEYS = List.of("vulnerabilityDb", "osvApi");
  private static final List<String> SANDBOX_KEYS = List.of("network");
  private static final List<String> CACHE_KEYS = List.of("repository", "push");
  /** {@code REGISTRY/REPOSITORY}: a host (with a port, perhaps), then lower-case path parts. */
  static final Pattern CACHE_REPOSITORY = Pattern.compile(
      "[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)+");

  private final YamlNodes nodes;

  RuntimeSections(YamlNodes nodes) {
    this.nodes = nodes;
  }

  PlatformProfile.Advisories advisories(Node node, PlatformProfile.Advisories lower) {
    Map<String, Node> fields = nodes.mapping(node, "advisories", ADVISORY_KEYS);
    Optional<String> db = fields.containsKey("vulnerabilityDb")
        ? Optional.of(nodes.scalar(fields.get("vulnerabilityDb"), "vulnerabilityDb")) : lower.vulnerabilityDb();
    boolean api = fields.containsKey("osvApi") ? nodes.bool(fields.get("osvApi"), "osvApi") : lower.osvApi();
    return new PlatformProfile.Advisories(db, api);
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
      throw nodes.fail(fields.get("network"), "'" + network + "' is not a sandbox network: use isolated "
          + "(the default: the outside, not the host's loopback), none, or host");
    }
  }

  PlatformProfile.CachePolicy cache(Node node, PlatformProfile.CachePolicy lower) {
    Map<String, Node> fields = nodes.mapping(node, "cache", CACHE_KEYS);
    Optional<String> repository = lower.repository();
    if (fields.containsKey("repository")) {
      String value = nodes.scalar(fields.get("repository"), "repository");
      if (!CACHE_REPOSITORY.matcher(value).matches()) {
        throw nodes.fail(fields.get("repository"), "'" + value + "' is not a cache repository: write "
            + "REGISTRY/REPOSITORY, e.g. registry.example.com/paas/cache, without a tag");
      }
      repository = Optional.of(value);
    }
    boolean push = fields.containsKey("push") ? nodes.bool(fields.get("push"), "push") : lower.push();
    return new PlatformProfile.CachePolicy(repository, push);
  }
}
