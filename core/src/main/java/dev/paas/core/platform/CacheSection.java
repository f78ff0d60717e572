package dev.paas.core.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a profile's {@code cache} section: the fleet cache's repository and whether builds push to
 * it.
 */
final class CacheSection {
  private static final List<String> CACHE_KEYS = List.of("repository", "push");

  /** {@code REGISTRY/REPOSITORY}: a host (with a port, perhaps), then lower-case path parts. */
  static final Pattern CACHE_REPOSITORY =
      Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)+");

  private final YamlNodes nodes;

  CacheSection(YamlNodes nodes) {
    this.nodes = nodes;
  }

  PlatformProfile.CachePolicy cache(Node node, PlatformProfile.CachePolicy lower) {
    Map<String, Node> fields = nodes.mapping(node, "cache", CACHE_KEYS);
    Optional<String> repository = lower.repository();
    if (fields.containsKey("repository")) {
      String value = nodes.scalar(fields.get("repository"), "repository");
      if (!CACHE_REPOSITORY.matcher(value).matches()) {
        throw nodes.fail(
            fields.get("repository"),
            "'"
                + value
                + "' is not a cache repository: write "
                + "REGISTRY/REPOSITORY, e.g. registry.example.com/paas/cache, without a tag");
      }
      repository = Optional.of(value);
    }
    boolean push =
        fields.containsKey("push") ? nodes.bool(fields.get("push"), "push") : lower.push();
    return new PlatformProfile.CachePolicy(repository, push);
  }
}
