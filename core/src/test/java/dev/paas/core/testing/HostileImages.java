package dev.paas.core.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Images made to defeat the gate, built in code: forged twins of honest images, configs whose
 * diff_ids disagree with their manifests, layouts whose blobs are FIFOs or links, names with
 * control characters, deep index chains, missing blobs, zips whose central directory repeats one
 * entry, hard links out of the root. Each is the smallest thing that shows one attack.
 */
public final class HostileImages {
  private HostileImages() {}

  /** A PEM RSA private key, freshly generated: what the secret scanner must find. */
  public static String privateKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String KEY = privateKey();

  /** An app layer that adds a setuid-root binary and a private key: it must never pass. */
  public static OciFixtures.Layer maliciousLayer() {
    return new TarLayer()
        .dir("app", 0755)
        .file("app/Main.class", "cafebabe")
        .file("app/su", "elf".getBytes(StandardCharsets.UTF_8), 04755, 0, 0)
        .file("app/id_rsa", KEY.getBytes(StandardCharsets.UTF_8), 0600, 0, 0)
        .layer();
  }

  /**
   * Two app layers stored as plain tars of exactly the same size: a harmless one and one that adds
   * a setuid-root binary and a private key, so that only their digests tell them apart.
   */
  public static List<OciFixtures.Layer> sameSizeTwins() {
    byte[] harmless =
        new TarLayer()
            .dir("app", 0755)
            .file("app/Main.class", "cafebabe")
            .file("app/su", "elf".getBytes(StandardCharsets.UTF_8), 0755, 0, 0)
            .file(
                "app/id_rsa",
                "x".repeat(KEY.length()).getBytes(StandardCharsets.UTF_8),
                0644,
                1000,
                1000)
            .tar();
    byte[] malicious = maliciousLayer().tar();
    if (harmless.length != malicious.length) {
      throw new IllegalStateException("the twins differ in size");
    }
    return List.of(
        new OciFixtures.Layer(harmless, harmless), new OciFixtures.Layer(malicious, malicious));
  }

  /**
   * The layout of {@code honest}, byte for byte (index, manifest, config, digests), except that the
   * blob of layer {@code index} holds {@code forged}'s compressed bytes.
   */
  public static Map<String, byte[]> forgedTwin(
      OciFixtures.Image honest, int index, OciFixtures.Layer forged) {
    Map<String, byte[]> files = OciFixtures.layout(honest);
    files.put(OciFixtures.blobPath(honest.layers().get(index).digest()), forged.gzip());
    return files;
  }

  /**
   * The {@code docker save} archive of {@code honest}, except that layer {@code index}'s tar is
   * {@code forged}'s, under the honest diff_id's name.
   */
  public static Path forgedDockerTwin(
      OciFixtures.Image honest, int index, OciFixtures.Layer forged, Path tar) {
    List<OciFixtures.Layer> layers = new ArrayList<>(honest.layers());
    OciFixtures.Layer original = layers.get(index);
    OciFixtures.Image twin = new OciFixtures.Image(layers, honest.config(), honest.manifest());
    Path written = OciFixtures.dockerArchive(twin, "forged:1", tar);
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(written);
        TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
      for (var entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
        if (!entry.isDirectory()) {
          files.put(entry.getName(), archive.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.put(original.diffId().substring(7) + "/layer.tar", forged.tar());
    return OciFixtures.writeTar(files, tar, "");
  }

  /**
   * {@code image} with its config's diff_ids replaced by {@code diffIds} (extra or missing ones).
   */
  public static OciFixtures.Image withDiffIds(OciFixtures.Image image, List<String> diffIds) {
    return OciFixtures.withConfig(
        image,
        config -> {
          ArrayNode ids = ((ObjectNode) config.path("rootfs")).putArray("diff_ids");
          diffIds.forEach(ids::add);
        });
  }

  /**
   * The layout of {@code image} whose index.json leads through {@code depth} nested image indexes,
   * each naming the next for linux/amd64, before the manifest.
   */
  public static Map<String, byte[]> deepIndex(OciFixtures.Image image, int depth) {
    Map<String, byte[]> files = OciFixtures.layout(image);
    String mediaType = OciFixtures.MANIFEST_TYPE;
    byte[] named = image.manifest();
    for (int i = 0; i < depth; i++) {
      Map<String, Object> entry = descriptor(mediaType, named);
      entry.put("platform", Map.of("architecture", "amd64", "os", "linux"));
      byte[] index =
          OciFixtures.writeJson(
              Map.of(
                  "schemaVersion",
                  2,
                  "mediaType",
                  OciFixtures.INDEX_TYPE,
                  "manifests",
                  List.of(entry)));
      files.put(OciFixtures.blobPath(OciFixtures.sha256(index)), index);
      named = index;
      mediaType = OciFixtures.INDEX_TYPE;
    }
    files.put(
        "index.json",
        OciFixtures.writeJson(
            Map.of("schemaVersion", 2, "manifests", List.of(descriptor(mediaType, named)))));
    return files;
  }

  /** Replaces {@code blob} of the layout directory by a FIFO, which blocks whoever opens it. */
  public static void fifo(Path layout, String digest) throws IOException, InterruptedException {
    Path blob = layout.resolve(OciFixtures.blobPath(digest));
    Files.delete(blob);
    Process mkfifo = new ProcessBuilder("mkfifo", blob.toString()).inheritIO().start();
    if (mkfifo.waitFor() != 0) {
      throw new IOException("mkfifo " + blob + " failed");
    }
  }

  /** Replaces {@code blob} of the layout directory by a symbolic link to {@code target}. */
  public static void symlink(Path layout, String digest, Path target) throws IOException {
    Path blob = layout.resolve(OciFixtures.blobPath(digest));
    Files.delete(blob);
    Files.createSymbolicLink(blob, target);
  }

  /**
   * A zip of {@code size} bytes of content stored once, whose central directory lists that one
   * entry {@code times} times under the same name: a few hundred KB that a naive reader scans
   * {@code times} times.
   */
  public static byte[] repeatedEntryZip(String name, byte[] content, int times) {
    return repeatedEntryZip(name, content, times, false);
  }

  /**
   * As {@link #repeatedEntryZip(String, byte[], int)}; with {@code renamed}, each listing has a
   * name of its own ({@code 00001-NAME}), all pointing at the one local entry.
   */
  public static byte[] repeatedEntryZip(String name, byte[] content, int times, boolean renamed) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer local = little(30 + nameBytes.length);
    local
        .putInt(0x04034b50)
        .putShort((short) 20)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0)
        .putInt((int) crc.getValue())
        .putInt(content.length)
        .putInt(content.length)
        .putShort((short) nameBytes.length)
        .putShort((short) 0)
        .put(nameBytes);
    out.writeBytes(local.array());
    out.writeBytes(content);
    int directoryStart = out.size();
    for (int i = 0; i < times; i++) {
      byte[] listed =
          renamed ? String.format("%05d-%s", i, name).getBytes(StandardCharsets.UTF_8) : nameBytes;
      ByteBuffer central = little(46 + listed.length);
      central
          .putInt(0x02014b50)
          .putShort((short) 20)
          .putShort((short) 20)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putInt((int) crc.getValue())
          .putInt(content.length)
          .putInt(content.length)
          .putShort((short) listed.length)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putInt(0)
          .putInt(0)
          .put(listed);
      out.writeBytes(central.array());
    }
    int directorySize = out.size() - directoryStart;
    ByteBuffer end = little(22);
    end.putInt(0x06054b50)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) Math.min(times, 0xffff))
        .putShort((short) Math.min(times, 0xffff))
        .putInt(directorySize)
        .putInt(directoryStart)
        .putShort((short) 0);
    out.writeBytes(end.array());
    return out.toByteArray();
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static Map<String, Object> descriptor(String mediaType, byte[] bytes) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mediaType", mediaType);
    d.put("digest", OciFixtures.sha256(bytes));
    d.put("size", bytes.length);
    return d;
  }
}
