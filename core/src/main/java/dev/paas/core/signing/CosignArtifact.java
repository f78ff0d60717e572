package dev.paas.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stores layers under a cosign tag ({@code sha256-<hex>.sig} or {@code .att}) the way cosign
 * (go-containerregistry) lays them out: an OCI image manifest with an empty-platform config whose
 * diff_ids are the layers, adding to what the tag holds, as {@code cosign sign} does.
 */
final class CosignArtifact {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  /** Signatures of earlier pushes are kept, up to a bound: the tag's manifest is hostile input. */
  static final int MAX_KEPT_LAYERS = 64;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EPOCH = "0001-01-01T00:00:00Z";

  /** One layer: its media type, its bytes and its annotations (in the order given). */
  record Layer(String mediaType, byte[] content, Map<String, String> annotations) {}

  private final RegistryClient client;

  CosignArtifact(RegistryClient client) {
    this.client = client;
  }

  /** Adds {@code layers} under {@code tag}; returns the new manifest's digest. */
  String add(String repository, String tag, List<Layer> layers) throws RegistryException {
    ArrayNode descriptors = JSON.createArrayNode();
    Set<String> added = new HashSet<>();
    for (Layer layer : layers) {
      String digest = OciImage.sha256(layer.content());
      client.uploadBlob(
          repository,
          digest,
          layer.content().length,
          () -> new ByteArrayInputStream(layer.content()));
      ObjectNode descriptor =
          descriptors
              .addObject()
              .put("mediaType", layer.mediaType())
              .put("size", layer.content().length)
              .put("digest", digest);
      ObjectNode annotations = descriptor.putObject("annotations");
      layer.annotations().forEach(annotations::put);
      added.add(identity(descriptor));
    }
    ArrayNode kept = kept(repository, tag, added);
    kept.addAll(descriptors);
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "");
    config.put("created", EPOCH);
    config.putArray("history").addObject().put("created", EPOCH);
    config.put("os", "");
    ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    kept.forEach(layer -> diffIds.add(layer.path("digest").asText()));
    config.putObject("config");
    byte[] configBytes = bytes(config);
    String configDigest = OciImage.sha256(configBytes);
    client.uploadBlob(
        repository, configDigest, configBytes.length, () -> new ByteArrayInputStream(configBytes));

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    manifest
        .putObject("config")
        .put("mediaType", CONFIG_TYPE)
        .put("size", configBytes.length)
        .put("digest", configDigest);
    manifest.set("layers", kept);
    return client.putManifest(repository, tag, bytes(manifest), MANIFEST_TYPE);
  }

  /**
   * What makes a layer the same layer: payload and signature. Two keys signing one image make two
   * layers of one payload blob, and cosign keeps both.
   */
  private static String identity(JsonNode descriptor) {
    return descriptor.path("digest").asText() + " " + descriptor.path("annotations");
  }

  /** The well-formed layers the tag already holds, other than those being added. */
  private ArrayNode kept(String repository, String tag, Set<String> added)
      throws RegistryException {
    ArrayNode kept = JSON.createArrayNode();
    Optional<RegistryClient.Manifest> existing = client.manifest(repository, tag);
    if (existing.isEmpty()) {
      return kept;
    }
    JsonNode layers;
    try {
      layers = existing.get().json().path("layers");
    } catch (IOException e) {
      return kept; // Not a manifest cosign could read either: replaced.
    }
    for (JsonNode layer : layers) {
      String digest = layer.path("digest").asText();
      if (kept.size() < MAX_KEPT_LAYERS
          && digest.matches("sha256:[0-9a-f]{64}")
          && layer.path("mediaType").isTextual()
          && layer.path("size").canConvertToLong()
          && layer.path("annotations").isObject()) {
        ObjectNode copy =
            JSON.createObjectNode()
                .put("mediaType", layer.path("mediaType").asText())
                .put("size", layer.path("size").asLong())
                .put("digest", digest);
        copy.set("annotations", layer.path("annotations"));
        if (!added.contains(identity(copy))) {
          kept.add(copy);
        }
      }
    }
    return kept;
  }

  static byte[] bytes(JsonNode value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
