package dev.paas.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.BuildLog;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.image.OciImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Run layers in the {@link FleetCache}: a layer one machine made is pulled by the others instead of
 * running its step again, after checking that it is what its entry says (digest and diff_id).
 */
final class FleetRunLayers {
  static final String KIND = "run-layer";
  static final String ARTIFACT_TYPE = "application/vnd.dev.paas.run-layer.v1+json";
  static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FleetCache fleet;
  private final RunCache cache;
  private final long maxBytes;
  private final BuildLog log;

  FleetRunLayers(FleetCache fleet, RunCache cache, long maxBytes, BuildLog log) {
    this.fleet = fleet;
    this.cache = cache;
    this.maxBytes = maxBytes;
    this.log = log;
  }

  /**
   * {@code ready}, followed by the layers of the next steps the fleet has, up to the first it
   * lacks.
   */
  List<RunLayer> extend(List<String> keys, List<RunStep> steps, List<RunLayer> ready) {
    List<RunLayer> layers = new ArrayList<>(ready);
    for (int i = ready.size(); i < steps.size(); i++) {
      Optional<RunLayer> pulled = pull(keys.get(i), steps.get(i).name());
      if (pulled.isEmpty()) {
        break;
      }
      log.info(
          "Using the layer of "
              + pulled.get().step()
              + " ("
              + ImageRun.shortId(pulled.get().diffId())
              + ") from the fleet cache "
              + fleet.location());
      layers.add(pulled.get());
    }
    return layers;
  }

  private Optional<RunLayer> pull(String key, String step) {
    Optional<FleetCache.Entry> found = fleet.find(KIND, ARTIFACT_TYPE, key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    FleetCache.Entry entry = found.get();
    RunLayer described;
    try {
      described = described(key, step, JSON.readTree(entry.config()));
    } catch (IOException | IllegalArgumentException e) {
      fleet.reportCorrupt(entry, "its description is not a run layer's: " + e.getMessage());
      return Optional.empty();
    }
    if (entry.blobs().size() != 1
        || !entry.blobs().get(0).digest().equals(described.digest())
        || entry.blobs().get(0).size() != described.compressedSize()) {
      fleet.reportCorrupt(entry, "its blob is not the layer its description names");
      return Optional.empty();
    }
    Path part = cache.directory().resolve(key + ".tar.gz.fleet");
    try {
      Files.createDirectories(cache.directory());
      if (!fleet.download(entry, entry.blobs().get(0), maxBytes, part)) {
        return Optional.empty();
      }
      String why = verify(part, described);
      if (why != null) {
        fleet.reportCorrupt(entry, why);
        return Optional.empty();
      }
      return Optional.of(cache.adopt(described, part));
    } catch (IOException e) {
      log.warn(
          "Cannot store the fleet cache's layer of "
              + step
              + " in "
              + cache.directory()
              + ": "
              + e.getMessage()
              + "; it is made here");
      return Optional.empty();
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // A leftover download; the next one replaces it.
      }
    }
  }

  // The entry's description, checked to be one this step could have made.
  private RunLayer described(String key, String step, JsonNode json) {
    String diffId = json.path("diffId").asText();
    String digest = json.path("digest").asText();
    String createdBy = json.path("createdBy").asText();
    long compressed = json.path("compressedSize").asLong(-1);
    long size = json.path("size").asLong(-1);
    if (!diffId.matches("sha256:[0-9a-f]{64}")
        || !digest.matches("sha256:[0-9a-f]{64}")
        || compressed < 0
        || size < 0
        || size > maxBytes) {
      throw new IllegalArgumentException("digests or sizes are missing or out of bounds");
    }
    // The history line becomes part of the image: only what this plugin writes for this step.
    boolean ours =
        (createdBy.startsWith("RUN " + step + " (paas-maven-plugin: ")
                || createdBy.startsWith("ADD " + step + " (paas-maven-plugin: "))
            && createdBy.length() < step.length() + 100
            && createdBy.chars().noneMatch(c -> c < 0x20);
    if (!ours) {
      throw new IllegalArgumentException("its history line is not this plugin's for " + step);
    }
    return new RunLayer(key, step, diffId, digest, compressed, size, null, createdBy);
  }

  // Null when the downloaded file uncompresses to the diff_id and size described, else why not.
  private String verify(Path file, RunLayer described) throws IOException {
    MessageDigest digest = OciImage.newSha256();
    long[] count = new long[1];
    OutputStream sink =
        new DigestOutputStream(OutputStream.nullOutputStream(), digest) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            count[0] += len;
            if (count[0] > described.size()) {
              throw new IOException(
                  "it uncompresses to more than the " + described.size() + " bytes described");
            }
            super.write(b, off, len);
          }
        };
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024)) {
      in.transferTo(sink);
    } catch (IOException e) {
      return "its layer does not uncompress: " + e.getMessage();
    }
    String diffId = OciImage.formatted(digest);
    if (!diffId.equals(described.diffId()) || count[0] != described.size()) {
      return "its layer uncompresses to " + diffId + ", not the described " + described.diffId();
    }
    return null;
  }

  /** Publishes layers made here, each under its key, naming the base they stack on. */
  void publish(String baseDigest, List<RunLayer> made) {
    for (RunLayer layer : made) {
      if (!fleet.publishes()) {
        return;
      }
      byte[] config;
      try {
        config = JSON.writeValueAsBytes(RunCache.describe(layer));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      fleet.publish(
          KIND,
          ARTIFACT_TYPE,
          layer.key(),
          Map.of(FleetCache.ANNOTATION_BASE, baseDigest, "dev.paas.cache.step", layer.step()),
          config,
          List.of(
              new FleetCache.Blob(
                  LAYER_TYPE, layer.digest(), layer.compressedSize(), layer.file())));
    }
  }
}
