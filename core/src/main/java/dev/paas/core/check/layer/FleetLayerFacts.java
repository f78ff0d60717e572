package dev.paas.core.check.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.image.OciImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Layer facts in the {@link FleetCache}, keyed by (diff_id, {@link LayerFactsCache#VERSION}, secret
 * rules): a layer one machine of the fleet examined is not inflated by the others.
 */
final class FleetLayerFacts {
  static final String KIND = "layer-facts";
  static final String ARTIFACT_TYPE = "application/vnd.dev.paas.layer-facts.v1+json";
  static final String FACTS_TYPE =
      "application/vnd.dev.paas.layer-facts.v" + LayerFactsCache.VERSION + "+deflate";

  /** The facts of one layer, compressed: a base layer's run to a few MiB. */
  static final long MAX_COMPRESSED = 64L << 20;

  /** Inflated: bounds the memory a hostile entry can make the check use. */
  static final long MAX_INFLATED = 128L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FleetCache fleet;
  private final String rulesDigest;

  FleetLayerFacts(FleetCache fleet, String rulesDigest) {
    this.fleet = fleet;
    this.rulesDigest = rulesDigest;
  }

  /**
   * The key of a layer's facts: its diff_id, the facts' version and the rules they were found with.
   */
  String key(String diffId) {
    return OciImage.sha256(
            ("paas-facts\n" + diffId + "\n" + LayerFactsCache.VERSION + "\n" + rulesDigest)
                .getBytes(StandardCharsets.UTF_8))
        .substring(7);
  }

  /** The fleet's facts of the layer, verified and kept at {@code file}, if it has them. */
  Optional<LayerFacts> pull(String diffId, Path file) {
    Optional<FleetCache.Entry> found = fleet.find(KIND, ARTIFACT_TYPE, key(diffId));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    FleetCache.Entry entry = found.get();
    try {
      JsonNode config = JSON.readTree(entry.config());
      if (!diffId.equals(config.path("diffId").asText())
          || config.path("version").asInt() != LayerFactsCache.VERSION
          || !rulesDigest.equals(config.path("rules").asText())
          || entry.blobs().size() != 1) {
        fleet.reportCorrupt(
            entry,
            "it does not describe the facts of "
                + diffId
                + " in version "
                + LayerFactsCache.VERSION);
        return Optional.empty();
      }
    } catch (IOException e) {
      fleet.reportCorrupt(entry, "its description is not JSON");
      return Optional.empty();
    }
    Path part = file.resolveSibling(file.getFileName() + ".fleet");
    try {
      Files.createDirectories(file.getParent());
      if (!fleet.download(entry, entry.blobs().get(0), MAX_COMPRESSED, part)) {
        return Optional.empty();
      }
      Optional<LayerFacts> facts = LayerFactsCache.readFile(part, diffId, MAX_INFLATED);
      if (facts.isEmpty()) {
        fleet.reportCorrupt(entry, "its facts cannot be read as the facts of " + diffId);
        return Optional.empty();
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return facts;
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // A leftover download; the next one replaces it.
      }
    }
  }

  /** Publishes the facts kept at {@code file}. */
  void publish(String diffId, Path file) {
    if (!fleet.publishes()) {
      return;
    }
    byte[] config;
    String digest;
    long size;
    try {
      config =
          JSON.writeValueAsBytes(
              JSON.createObjectNode()
                  .put("diffId", diffId)
                  .put("version", LayerFactsCache.VERSION)
                  .put("rules", rulesDigest));
      digest = OciImage.sha256(file);
      size = Files.size(file);
    } catch (IOException e) {
      return;
    }
    fleet.publish(
        KIND,
        ARTIFACT_TYPE,
        key(diffId),
        Map.of("dev.paas.cache.diff-id", diffId),
        config,
        List.of(new FleetCache.Blob(FACTS_TYPE, digest, size, file)));
  }
}
