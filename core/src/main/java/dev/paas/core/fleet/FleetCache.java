package dev.paas.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.Setting;
import dev.paas.core.SettingException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A repository of the company registry where a fleet of build machines shares what one of them
 * computed: one OCI artifact (an image manifest with the plugin's own {@code artifactType} and
 * config media type) per cache key, tagged by the key.
 *
 * <p>One instance is shared by the threads of a build: the check looks its layers up in parallel
 * (reads are not serialised, so a distant registry's round trips overlap), publishing is. The cache
 * only ever makes a build faster: a registry that is down, refuses a credential or a push, or
 * serves a damaged entry is a warning, and the build goes on as without it.
 */
public final class FleetCache {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  /** What an entry is: its kind, e.g. {@code run-layer}. */
  public static final String ANNOTATION_KIND = "dev.paas.cache.kind";

  /** The cache key an entry is stored under. */
  public static final String ANNOTATION_KEY = "dev.paas.cache.key";

  /** The base image an entry belongs to: entries of retired bases can be deleted by it. */
  public static final String ANNOTATION_BASE = "dev.paas.cache.base.digest";

  /** The version of the plugin that wrote the entry. */
  public static final String ANNOTATION_WRITER = "dev.paas.cache.writer";

  /** The largest entry manifest or config read: a description, not data. */
  static final int MAX_DOCUMENT_BYTES = 64 * 1024;

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A blob of an entry, as its manifest describes it. */
  public record Descriptor(String mediaType, String digest, long size) {}

  /**
   * An entry found in the registry: its config (already checked against its digest) and blobs.
   *
   * @param tag the tag it is stored under
   * @param config the config blob's bytes, the entry's description
   * @param blobs its other blobs, in order
   * @param annotations what the manifest says about it
   */
  public record Entry(
      String tag, byte[] config, List<Descriptor> blobs, Map<String, String> annotations) {
    public Entry {
      blobs = List.copyOf(blobs);
      annotations = Map.copyOf(annotations);
    }
  }

  /** A local file to publish as a blob of an entry. */
  public record Blob(String mediaType, String digest, long size, Path file) {}

  private final RegistryClient client;
  private final String registry;
  private final String repository;
  private final String writer;
  private final BuildLog log;
  private final Set<String> mountSources = new LinkedHashSet<>();
  private volatile boolean reachable = true;
  private volatile boolean publishes;

  FleetCache(RegistryClient client, String repository, boolean push, String writer, BuildLog log) {
    this.client = client;
    this.registry = client.registry();
    this.repository = repository;
    this.publishes = push;
    this.writer = writer;
    this.log = log;
  }

  /**
   * The cache at {@code location} ({@code REGISTRY/REPOSITORY}), reached with the credentials of
   * every other registry call.
   *
   * @param push whether this machine publishes what it computes
   * @param writer what entries name as their writer: the plugin and its version
   */
  public static FleetCache open(
      String location,
      boolean push,
      CredentialSource credentials,
      boolean allowInsecure,
      String writer,
      BuildLog log)
      throws PaasException {
    int slash = location.indexOf('/');
    String registry = slash < 0 ? "" : location.substring(0, slash);
    String repository = slash < 0 ? "" : location.substring(slash + 1);
    if (registry.isEmpty()
        || repository.isEmpty()
        || !registry.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")
        || !repository.matches("[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*")) {
      throw new SettingException(
          Setting.CACHE,
          "'"
              + location
              + "' is not a fleet cache "
              + "repository: write REGISTRY/REPOSITORY (e.g. "
              + Setting.CACHE.setTo("registry.example.com/paas/cache")
              + "), without a tag");
    }
    return new FleetCache(
        new RegistryClient(registry, credentials.forRegistry(registry), allowInsecure),
        repository,
        push,
        writer,
        log);
  }

  /** {@code REGISTRY/REPOSITORY}. */
  public String location() {
    return registry + "/" + repository;
  }

  /**
   * Names repositories that may already hold blobs this cache publishes (the base's, the
   * application's): a blob found in one of them on the cache's registry is mounted from it, not
   * sent. References to other registries or to local images are left out.
   */
  public synchronized FleetCache mountingFrom(List<ImageReference> references) {
    for (ImageReference reference : references) {
      if (reference.isRegistry()) {
        var parsed = reference.registryReference();
        if (parsed.getRegistry().equals(registry) && !parsed.getRepository().equals(repository)) {
          mountSources.add(parsed.getRepository());
        }
      }
    }
    return this;
  }

  /** Whether this machine publishes entries (not read-only, and no push has been refused). */
  public boolean publishes() {
    return publishes && reachable;
  }

  /**
   * The entry of {@code kind} under {@code key}, or empty when there is none, the registry cannot
   * be used, or the entry is damaged (each reported).
   *
   * @param key a SHA-256 in hex
   */
  public Optional<Entry> find(String kind, String artifactType, String key) {
    if (!reachable) {
      return Optional.empty();
    }
    String tag = tag(kind, key);
    try {
      Optional<RegistryClient.Manifest> manifest =
          client.manifest(repository, tag, MAX_DOCUMENT_BYTES);
      if (manifest.isEmpty()) {
        return Optional.empty();
      }
      return parse(tag, manifest.get(), artifactType);
    } catch (RegistryException e) {
      if (e.reason() == RegistryException.Reason.DAMAGED) {
        return corrupt(tag, e.getMessage());
      }
      unusable("look " + tag + " up", e);
      return Optional.empty();
    }
  }

  private Optional<Entry> parse(String tag, RegistryClient.Manifest manifest, String artifactType)
      throws RegistryException {
    if (manifest.bytes().length > MAX_DOCUMENT_BYTES) {
      return corrupt(tag, "its manifest has " + manifest.bytes().length + " bytes");
    }
    JsonNode json;
    try {
      json = manifest.json();
    } catch (IOException e) {
      return corrupt(tag, "its manifest is not JSON");
    }
    JsonNode config = json.path("config");
    if (!artifactType.equals(config.path("mediaType").asText())) {
      return corrupt(
          tag,
          "its config is " + config.path("mediaType").asText("missing") + ", not " + artifactType);
    }
    Optional<Descriptor> configDescriptor = descriptor(config);
    if (configDescriptor.isEmpty() || configDescriptor.get().size() > MAX_DOCUMENT_BYTES) {
      return corrupt(tag, "its config descriptor is invalid or too large");
    }
    List<Descriptor> blobs = new ArrayList<>();
    for (JsonNode layer : json.path("layers")) {
      Optional<Descriptor> blob = descriptor(layer);
      if (blob.isEmpty() || blobs.size() >= 16) {
        return corrupt(tag, "it lists an invalid blob or too many");
      }
      blobs.add(blob.get());
    }
    Map<String, String> annotations = new TreeMap<>();
    json.path("annotations")
        .fields()
        .forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));
    byte[] bytes;
    try {
      bytes = client.blob(repository, configDescriptor.get().digest(), MAX_DOCUMENT_BYTES);
    } catch (RegistryException e) {
      if (damaged(e)) {
        return corrupt(tag, e.getMessage());
      }
      throw e;
    }
    return Optional.of(new Entry(tag, bytes, blobs, annotations));
  }

  private static Optional<Descriptor> descriptor(JsonNode node) {
    String digest = node.path("digest").asText();
    long size = node.path("size").asLong(-1);
    if (!DIGEST.matcher(digest).matches() || size < 0) {
      return Optional.empty();
    }
    return Optional.of(new Descriptor(node.path("mediaType").asText(), digest, size));
  }

  /**
   * Downloads a blob of an entry to {@code target}, checked against its digest.
   *
   * @return false when it could not be downloaded (reported)
   */
  public boolean download(Entry entry, Descriptor blob, long maxBytes, Path target) {
    if (!reachable) {
      return false;
    }
    if (blob.size() > maxBytes) {
      corrupt(
          entry.tag(),
          "its blob " + blob.digest() + " has " + blob.size() + " bytes, more than " + maxBytes);
      return false;
    }
    try {
      client.downloadBlob(repository, blob.digest(), blob.size(), target);
      return true;
    } catch (RegistryException e) {
      if (damaged(e)) {
        corrupt(entry.tag(), e.getMessage());
      } else {
        unusable("download " + blob.digest(), e);
      }
      return false;
    }
  }

  /** Reports an entry that is ignored because it is damaged; building again replaces it. */
  public void reportCorrupt(Entry entry, String why) {
    corrupt(entry.tag(), why);
  }

  /**
   * Publishes an entry under {@code key}, unless this machine is read-only: the blobs the registry
   * lacks, then the manifest. Entries of the same content are the same bytes, so machines
   * publishing one key at once store the same thing.
   *
   * @param annotations what the entry is besides its kind, key and writer (e.g. its base)
   */
  public synchronized void publish(
      String kind,
      String artifactType,
      String key,
      Map<String, String> annotations,
      byte[] config,
      List<Blob> blobs) {
    if (!publishes()) {
      return;
    }
    String tag = tag(kind, key);
    try {
      Blob configBlob = new Blob(artifactType, OciImage.sha256(config), config.length, null);
      upload(configBlob, () -> new ByteArrayInputStream(config));
      for (Blob blob : blobs) {
        upload(blob, () -> open(blob.file()));
      }
      byte[] manifest = manifest(kind, artifactType, key, annotations, configBlob, blobs);
      client.putManifest(repository, tag, manifest, MANIFEST_TYPE);
      log.info(
          "Published " + kind + " " + key.substring(0, 12) + " to the fleet cache " + location());
    } catch (RegistryException | UncheckedIOException e) {
      publishes = false;
      log.warn(
          "Cannot publish to the fleet cache "
              + location()
              + " ("
              + e.getMessage()
              + "); this build publishes nothing more to it and goes on. Only the platform's CI should "
              + "push there: set 'cache.push: false' in the profile for runners that may not");
    }
  }

  private void upload(Blob blob, Supplier<InputStream> content) throws RegistryException {
    // Never send what the registry has: a retry has it all, and a run layer of an image pushed
    // before may be in the application's repository, where a mount links it without its bytes.
    if (client.hasBlob(repository, blob.digest())) {
      return;
    }
    for (String source : mountSources) {
      // Asked only where the blob is, so no upload session a refused mount opens is left behind.
      if (client.hasBlob(source, blob.digest())
          && client.mountBlob(repository, blob.digest(), source)) {
        log.debug(
            "Mounted " + blob.digest() + " into the fleet cache from " + registry + "/" + source);
        return;
      }
    }
    client.uploadBlob(repository, blob.digest(), blob.size(), content);
  }

  private byte[] manifest(
      String kind,
      String artifactType,
      String key,
      Map<String, String> annotations,
      Blob config,
      List<Blob> blobs) {
    ObjectNode json = JSON.createObjectNode();
    json.put("schemaVersion", 2);
    json.put("mediaType", MANIFEST_TYPE);
    json.put("artifactType", artifactType);
    json.set("config", descriptorJson(config));
    ArrayNode layers = json.putArray("layers");
    blobs.forEach(b -> layers.add(descriptorJson(b)));
    ObjectNode notes = json.putObject("annotations");
    Map<String, String> all = new TreeMap<>(annotations);
    all.put(ANNOTATION_KIND, kind);
    all.put(ANNOTATION_KEY, key);
    all.put(ANNOTATION_WRITER, writer);
    all.forEach(notes::put);
    try {
      return JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode descriptorJson(Blob blob) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", blob.mediaType());
    node.put("digest", blob.digest());
    node.put("size", blob.size());
    return node;
  }

  static String tag(String kind, String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("a fleet cache key is a SHA-256 in hex: " + key);
    }
    return kind + "-" + key;
  }

  private <T> Optional<T> corrupt(String tag, String why) {
    log.warn(
        "Ignoring the fleet cache entry "
            + location()
            + ":"
            + tag
            + " ("
            + why
            + "); it is "
            + "computed here and replaced");
    return Optional.empty();
  }

  // What an entry's damage looks like: a blob it names is missing, or not what it says.
  private static boolean damaged(RegistryException e) {
    return e.reason() == RegistryException.Reason.NOT_FOUND
        || e.reason() == RegistryException.Reason.DAMAGED
        || e.reason() == RegistryException.Reason.FAILED;
  }

  private synchronized void unusable(String action, RegistryException e) {
    if (!reachable) {
      return;
    }
    reachable = false;
    log.warn(
        "Cannot "
            + action
            + " in the fleet cache "
            + location()
            + " ("
            + e.getMessage()
            + "); this build goes on without it");
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
