package dev.paas.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.OciImage;
import dev.paas.core.io.AtomicFile;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The machine-wide cache of run layers: {@code <key>.tar.gz} and {@code <key>.json} per layer,
 * under a key of everything that can change the layer; and the work directories runs unpack into.
 */
final class RunCache {
  /** Changes whenever the way layers are made changes, so that older cached layers are not used. */
  static final String FORMAT = "paas-run/1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object JVM_LOCK = new Object();

  /** Writes a layer's uncompressed tar. */
  @FunctionalInterface
  interface TarWriter {
    String writeTo(OutputStream tar) throws IOException;
  }

  /** Work done while holding the cache's lock. */
  @FunctionalInterface
  interface Locked<T> {
    T run() throws PaasException, IOException;
  }

  private final Path directory;

  RunCache(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  /**
   * The key of each step: the base image's digest, the key of the layer below, the step's scripts,
   * variables and files, and the sandbox mode in effect.
   */
  List<String> keys(String baseDigest, List<RunStep> steps, Sandbox.Mode mode, RunNetwork network)
      throws PaasException {
    List<String> keys = new ArrayList<>();
    String parent = baseDigest;
    for (RunStep step : steps) {
      MessageDigest digest = OciImage.newSha256();
      update(digest, FORMAT);
      update(digest, "parent " + parent);
      // Ownership can differ between the modes (a user namespace maps one user only).
      update(digest, "sandbox " + mode);
      // What a step can download depends on its network.
      update(digest, "network " + network.key());
      update(digest, "step " + step.name());
      new TreeMap<>(step.scripts())
          .forEach((family, script) -> update(digest, family.key() + "\0" + script));
      new TreeMap<>(step.environment()).forEach((k, v) -> update(digest, "env " + k + "=" + v));
      if (step.files().isPresent()) {
        hashTree(digest, step.files().get());
      }
      for (RunStep.AddedFile file : step.addedFiles()) {
        update(
            digest,
            "add "
                + file.path()
                + " "
                + Integer.toOctalString(file.mode())
                + "\0"
                + file.content());
      }
      parent = HexFormat.of().formatHex(digest.digest());
      keys.add(parent);
    }
    return keys;
  }

  /** The cached layers of the first steps, up to the first that is not cached. */
  List<RunLayer> cachedPrefix(List<String> keys, List<RunStep> steps) {
    List<RunLayer> layers = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Optional<RunLayer> layer = read(keys.get(i), steps.get(i).name());
      if (layer.isEmpty()) {
        break;
      }
      layers.add(layer.get());
    }
    return layers;
  }

  private Optional<RunLayer> read(String key, String step) {
    Path json = directory.resolve(key + ".json");
    Path file = directory.resolve(key + ".tar.gz");
    try {
      if (!Files.isRegularFile(json) || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      JsonNode node = JSON.readTree(json.toFile());
      if (Files.size(file) != node.path("compressedSize").asLong()) {
        return Optional.empty();
      }
      return Optional.of(
          new RunLayer(
              key,
              step,
              node.path("diffId").asText(),
              node.path("digest").asText(),
              node.path("compressedSize").asLong(),
              node.path("size").asLong(),
              file,
              node.path("createdBy").asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Writes a layer under {@code key}: the tar compressed with gzip, then its description.
   *
   * @param tar writes the tar and returns what the image's history says made it
   */
  RunLayer write(String key, String step, TarWriter tar) throws IOException {
    MessageDigest uncompressed = OciImage.newSha256();
    MessageDigest compressed = OciImage.newSha256();
    long[] sizes = new long[2];
    String[] createdBy = new String[1];
    Path file = directory.resolve(key + ".tar.gz");
    AtomicFile.write(
        file,
        out -> {
          CountingOutputStream compressedOut =
              new CountingOutputStream(new DigestOutputStream(out, compressed));
          try (GZIPOutputStream gzip = new GZIPOutputStream(compressedOut, 64 * 1024);
              CountingOutputStream tarOut =
                  new CountingOutputStream(new DigestOutputStream(gzip, uncompressed))) {
            createdBy[0] = tar.writeTo(tarOut);
            tarOut.flush();
            sizes[1] = tarOut.count;
          }
          sizes[0] = compressedOut.count;
        });
    RunLayer layer =
        new RunLayer(
            key,
            step,
            OciImage.formatted(uncompressed),
            OciImage.formatted(compressed),
            sizes[0],
            sizes[1],
            file,
            createdBy[0]);
    AtomicFile.write(
        directory.resolve(key + ".json"), out -> JSON.writeValue(out, describe(layer)));
    return layer;
  }

  /**
   * Stores a layer made elsewhere (the fleet cache's, already verified) under its key: the
   * compressed file moved in, then its description.
   */
  RunLayer adopt(RunLayer verified, Path compressed) throws IOException {
    Path file = directory.resolve(verified.key() + ".tar.gz");
    Files.move(
        compressed, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    RunLayer layer =
        new RunLayer(
            verified.key(),
            verified.step(),
            verified.diffId(),
            verified.digest(),
            verified.compressedSize(),
            verified.size(),
            file,
            verified.createdBy());
    AtomicFile.write(
        directory.resolve(layer.key() + ".json"), out -> JSON.writeValue(out, describe(layer)));
    return layer;
  }

  /** What {@code <key>.json} says of a layer, and what the fleet cache's entries say of it. */
  static ObjectNode describe(RunLayer layer) {
    return JSON.createObjectNode()
        .put("step", layer.step())
        .put("diffId", layer.diffId())
        .put("digest", layer.digest())
        .put("compressedSize", layer.compressedSize())
        .put("size", layer.size())
        .put("createdBy", layer.createdBy());
  }

  /**
   * Runs {@code work} while no other run on this machine (this JVM or another) holds the cache, so
   * that parallel builds of the same step share one run.
   */
  <T> T locked(Locked<T> work) throws PaasException, IOException {
    synchronized (JVM_LOCK) {
      Files.createDirectories(directory);
      try (FileChannel channel =
              FileChannel.open(
                  directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return work.run();
      }
    }
  }

  /**
   * A new work directory in {@code base}, marked with this JVM. A work directory whose JVM is gone
   * is a leftover of a build that was killed, and holds a whole unpacked file system, so it is
   * deleted first (in {@code base} and in the cache, where they used to be).
   */
  Path newWorkDirectory(Path base, BuildLog log, StaleWork reaper) throws IOException {
    for (Path dir : base.equals(directory) ? List.of(directory) : List.of(directory, base)) {
      try (var entries = Files.newDirectoryStream(dir, "work-*")) {
        for (Path stale : entries) {
          if (!alive(stale)) {
            log.info("Deleting " + stale + ", left by an interrupted build");
            reaper.reap(stale);
            LayerApplier.delete(stale);
          }
        }
      }
    }
    Path work = Files.createTempDirectory(base, "work-");
    Files.writeString(work.resolve(OWNER), owner());
    // The step's root (a host id of its range) passes through to the file system, nothing more.
    Files.setAttribute(work, "unix:mode", 0711);
    return work;
  }

  /** Ends what a killed build left running in its work directory, before it is deleted. */
  @FunctionalInterface
  interface StaleWork {
    void reap(Path work);
  }

  private static final String OWNER = "owner";

  private static String owner() {
    ProcessHandle self = ProcessHandle.current();
    return self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("");
  }

  // Whether the JVM that made a work directory still runs.
  private static boolean alive(Path work) {
    try {
      String[] owner = Files.readString(work.resolve(OWNER)).strip().split(" ", 2);
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
      return process.isPresent()
          && process
              .get()
              .info()
              .startInstant()
              .map(Object::toString)
              .orElse("")
              .equals(owner.length > 1 ? owner[1] : "");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void hashTree(MessageDigest digest, Path dir) throws PaasException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted().toList()) {
        String name = dir.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          update(digest, "link " + name + " " + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          update(digest, "dir " + name);
        } else {
          update(
              digest,
              "file "
                  + name
                  + " "
                  + Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS));
          try (InputStream in = Files.newInputStream(path)) {
            digest.update(in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new PaasException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
  }

  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
