package dev.paas.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small, reproducible container images built in code: gzip layers of a few files, an OCI config and
 * manifest, written as an OCI layout directory ({@code oci:}), an OCI archive ({@code
 * oci-archive:}) or a {@code docker save} archive ({@code docker-archive:}).
 */
public final class OciFixtures {
  public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  public static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
  public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Date EPOCH = new Date(0);

  private OciFixtures() {}

  /** One layer: the tar and its gzip. */
  public record Layer(byte[] tar, byte[] gzip) {
    /** The digest of the compressed blob, as manifests name it. */
    public String digest() {
      return sha256(gzip);
    }

    /** The digest of the uncompressed tar, as {@code rootfs.diff_ids} names it. */
    public String diffId() {
      return sha256(tar);
    }
  }

  /** An image: its layers, config and manifest, all as exact bytes. */
  public record Image(List<Layer> layers, byte[] config, byte[] manifest) {
    public Image {
      layers = List.copyOf(layers);
    }

    public String manifestDigest() {
      return sha256(manifest);
    }

    public String configDigest() {
      return sha256(config);
    }

    public List<String> layerDigests() {
      return layers.stream().map(Layer::digest).toList();
    }

    public List<String> diffIds() {
      return layers.stream().map(Layer::diffId).toList();
    }

    /** Layers plus config: what a push sends. */
    public int blobCount() {
      return layers.size() + 1;
    }

    public JsonNode configJson() {
      return readJson(config);
    }

    /** Every blob by digest: layers, config and manifest. */
    public Map<String, byte[]> blobs() {
      Map<String, byte[]> blobs = new LinkedHashMap<>();
      layers.forEach(l -> blobs.put(l.digest(), l.gzip()));
      blobs.put(configDigest(), config);
      blobs.put(manifestDigest(), manifest);
      return blobs;
    }
  }

  // --- layers ---

  /**
   * A layer holding {@code files} (path without leading slash, to text content), with their parent
   * directories, owned by root, with fixed times: the same files give the same digest.
   */
  public static Layer layer(Map<String, String> files) {
    Map<String, byte[]> bytes = new TreeMap<>();
    files.forEach((name, content) -> bytes.put(name, content.getBytes(StandardCharsets.UTF_8)));
    return binaryLayer(bytes);
  }

  /** A layer of binary files. */
  public static Layer binaryLayer(Map<String, byte[]> files) {
    TreeSet<String> directories = new TreeSet<>();
    for (String name : files.keySet()) {
      for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
        directories.add(name.substring(0, i + 1));
      }
    }
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String dir : directories) {
        TarArchiveEntry entry = new TarArchiveEntry(dir);
        owned(entry, 040755);
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
      }
      for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        owned(entry, 0100644);
        entry.setSize(file.getValue().length);
        out.putArchiveEntry(entry);
        out.write(file.getValue());
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Layer(tar.toByteArray(), gzip(tar.toByteArray()));
  }

  private static void owned(TarArchiveEntry entry, int mode) {
    entry.setMode(mode);
    entry.setModTime(EPOCH);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("root");
    entry.setGroupName("root");
  }

  // --- images ---

  /** An image of these layers with a minimal linux/amd64 config. */
  public static Image image(Layer... layers) {
    return image(Map.of(), List.of(layers));
  }

  /**
   * An image of these layers; {@code labels} go into the config, so images of the same layers can
   * still differ.
   */
  public static Image image(Map<String, String> labels, List<Layer> layers) {
    return image(labels, layers, "amd64");
  }

  /** An image of these layers for linux on {@code architecture} (amd64, arm64, ...). */
  public static Image image(Map<String, String> labels, List<Layer> layers, String architecture) {
    return image(labels, layers, architecture, List.of());
  }

  /** An image of these layers for linux on {@code architecture}, with more {@code Env} entries. */
  public static Image image(
      Map<String, String> labels, List<Layer> layers, String architecture, List<String> env) {
    Map<String, Object> containerConfig = new LinkedHashMap<>();
    List<String> variables =
        new ArrayList<>(
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    variables.addAll(env);
    containerConfig.put("Env", variables);
    containerConfig.put("Cmd", List.of("/bin/sh"));
    if (!labels.isEmpty()) {
      containerConfig.put("Labels", new TreeMap<>(labels));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("created", "1970-01-01T00:00:00Z");
    config.put("architecture", architecture);
    config.put("os", "linux");
    config.put("config", containerConfig);
    config.put(
        "rootfs",
        ordered("type", "layers", "diff_ids", layers.stream().map(Layer::diffId).toList()));
    byte[] configBytes = writeJson(config);

    List<Object> layerDescriptors = new ArrayList<>();
    for (Layer layer : layers) {
      layerDescriptors.add(descriptor(LAYER_TYPE, layer.gzip()));
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    manifest.put("config", descriptor(CONFIG_TYPE, configBytes));
    manifest.put("layers", layerDescriptors);
    return new Image(layers, configBytes, writeJson(manifest));
  }

  /** The same layers with the config edited (e.g. its User, Env or history), and a new manifest. */
  public static Image withConfig(Image image, Consumer<ObjectNode> edit) {
    ObjectNode config = (ObjectNode) readJson(image.config());
    edit.accept(config);
    byte[] configBytes = writeJson(config);
    ObjectNode manifest = (ObjectNode) readJson(image.manifest());
    manifest.set("config", new ObjectMapper().valueToTree(descriptor(CONFIG_TYPE, configBytes)));
    return new Image(image.layers(), configBytes, writeJson(manifest));
  }

  /**
   * A tiny Debian-looking base image: {@code /etc/passwd}, {@code /etc/group} and {@code
   * /etc/os-release} in one layer, a fake JRE in a second.
   */
  public static Image baseImage() {
    return image(
        baseSystemLayer(),
        layer(
            Map.of(
                "opt/java/release", "JAVA_VERSION=\"17.0.99\"\n",
                "opt/java/bin/java", "#!/bin/sh\necho fake java \"$@\"\n")));
  }

  /** The first layer of {@link #baseImage()}, to share with other images. */
  public static Layer baseSystemLayer() {
    return layer(
        Map.of(
            "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n",
            "etc/group", "root:x:0:\napp:x:1000:\n",
            "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n"));
  }

  // --- layouts ---

  /** The files of an OCI layout holding {@code image}: {@code oci-layout}, index and blobs. */
  public static Map<String, byte[]> layout(Image image) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    Map<String, Object> entry = descriptor(MANIFEST_TYPE, image.manifest());
    entry.put("annotations", Map.of("org.opencontainers.image.ref.name", "latest"));
    files.put("index.json", writeJson(index(List.of(entry))));
    image.blobs().forEach((digest, bytes) -> files.put(blobPath(digest), bytes));
    return files;
  }

  /**
   * The files of an OCI layout whose {@code index.json} names a nested index, which names the
   * image's manifest for linux/amd64.
   */
  public static Map<String, byte[]> nestedLayout(Image image) {
    Map<String, byte[]> files = layout(image);
    Map<String, Object> inner = descriptor(MANIFEST_TYPE, image.manifest());
    inner.put("platform", ordered("architecture", "amd64", "os", "linux"));
    byte[] nested = writeJson(index(List.of(inner)));
    files.put(blobPath(sha256(nested)), nested);
    files.put("index.json", writeJson(index(List.of(descriptor(INDEX_TYPE, nested)))));
    return files;
  }

  /** An OCI image index naming each image's manifest for linux on the given architecture. */
  public static byte[] platformIndex(Map<Image, String> architectures) {
    List<Object> manifests = new ArrayList<>();
    architectures.forEach(
        (image, architecture) -> {
          Map<String, Object> entry = descriptor(MANIFEST_TYPE, image.manifest());
          entry.put("platform", ordered("architecture", architecture, "os", "linux"));
          manifests.add(entry);
        });
    return writeJson(index(manifests));
  }

  /** Writes the image as an OCI layout directory and returns the directory. */
  public static Path ociDir(Image image, Path dir) {
    return writeDirectory(layout(image), dir);
  }

  /** Writes the image as an OCI archive and returns the file. */
  public static Path ociArchive(Image image, Path tar) {
    return writeTar(layout(image), tar, "");
  }

  /**
   * Writes the image as {@code docker save} does: {@code manifest.json} naming the config file and
   * the uncompressed layer tars.
   */
  public static Path dockerArchive(Image image, String repoTag, Path tar) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    String configName = image.configDigest().substring(7) + ".json";
    List<String> layerNames = new ArrayList<>();
    for (Layer layer : image.layers()) {
      String name = layer.diffId().substring(7) + "/layer.tar";
      layerNames.add(name);
      files.put(name, layer.tar());
    }
    files.put(configName, image.config());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("Config", configName);
    entry.put("RepoTags", List.of(repoTag));
    entry.put("Layers", layerNames);
    files.put("manifest.json", writeJson(List.of(entry)));
    return writeTar(files, tar, "");
  }

  /** Writes files (relative path to bytes) under {@code dir}. */
  public static Path writeDirectory(Map<String, byte[]> files, Path dir) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = dir.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes files into a tar, each name prefixed with {@code prefix} (e.g. {@code ./}). */
  public static Path writeTar(Map<String, byte[]> files, Path tar, String prefix) {
    try {
      if (tar.getParent() != null) {
        Files.createDirectories(tar.getParent());
      }
      try (OutputStream file = Files.newOutputStream(tar);
          TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        TreeSet<String> directories = new TreeSet<>();
        for (String name : files.keySet()) {
          for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
            directories.add(name.substring(0, i + 1));
          }
        }
        for (String dir : directories) {
          TarArchiveEntry entry = new TarArchiveEntry(prefix + dir);
          owned(entry, 040755);
          out.putArchiveEntry(entry);
          out.closeArchiveEntry();
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          TarArchiveEntry entry = new TarArchiveEntry(prefix + f.getKey());
          owned(entry, 0100644);
          entry.setSize(f.getValue().length);
          out.putArchiveEntry(entry);
          out.write(f.getValue());
          out.closeArchiveEntry();
        }
      }
      return tar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The regular files of a gzip layer blob, by name without a leading {@code /} or {@code ./}. */
  public static Map<String, byte[]> layerFiles(InputStream gzipBlob) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(gzipBlob))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (e.isFile()) {
          files.put(normalize(e.getName()), tar.readAllBytes());
        }
      }
    }
    return files;
  }

  /** Every entry name (files and directories) of a gzip layer blob, normalized. */
  public static List<String> layerEntryNames(byte[] gzipBlob) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzipBlob)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        names.add(normalize(e.getName()));
      }
    }
    return names;
  }

  private static String normalize(String name) {
    String n = name;
    if (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    return n;
  }

  // --- helpers ---

  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String blobPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] writeJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readJson(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> descriptor(String mediaType, byte[] bytes) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mediaType", mediaType);
    d.put("digest", sha256(bytes));
    d.put("size", bytes.length);
    return d;
  }

  private static Map<String, Object> index(List<?> manifests) {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", INDEX_TYPE);
    index.put("manifests", manifests);
    return index;
  }
}
