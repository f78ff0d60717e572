package dev.paas.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageSource;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Runs {@link RunStep}s on an image's file system, each in the sandbox, and returns the layer each
 * made: what a Dockerfile's {@code RUN} lines would add, without a daemon.
 *
 * <p>Each layer is cached under a key of everything that can change it: the base image's digest,
 * the key of the layer below, the step's scripts, files and variables, and the sandbox mode. A
 * step whose key is cached is not run again (unless {@link RunSettings#refresh()}); when every
 * step is cached the base image is not even unpacked.
 */
public final class ImageRun {
  /** Changes whenever the way layers are made changes, so that older cached layers are not used. */
  static final String FORMAT = "paas-run/1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object JVM_LOCK = new Object();

  private final Path cacheDirectory;
  private final RunSettings settings;
  private final Path hostResolvConf;
  private final BuildLog log;

  /** @param cacheDirectory where layers are cached and file systems unpacked */
  public ImageRun(Path cacheDirectory, RunSettings settings, BuildLog log) {
    this(cacheDirectory, settings, Path.of("/etc/resolv.conf"), log);
  }

  ImageRun(Path cacheDirectory, RunSettings settings, Path hostResolvConf, BuildLog log) {
    this.cacheDirectory = cacheDirectory;
    this.settings = settings;
    this.hostResolvConf = hostResolvConf;
    this.log = log;
  }

  /** The layers of {@code steps} on {@code base}, in order: from the cache or made now. */
  public List<RunLayer> layers(ImageSource base, List<RunStep> steps) throws PaasException {
    if (steps.isEmpty()) {
      return List.of();
    }
    List<String> keys = keys(base.digest(), steps);
    List<RunLayer> cached = cachedPrefix(keys, steps);
    if (cached.size() == steps.size()) {
      cached.forEach(l -> log.info("Using the cached layer of " + l.step() + " (" + shortId(l.diffId())
          + "); -Dpaas.run.refresh=true runs it again"));
      return cached;
    }
    // One machine-wide run at a time: parallel builds of the same step then share its layer.
    synchronized (JVM_LOCK) {
      try {
        Files.createDirectories(cacheDirectory);
        try (FileChannel channel = FileChannel.open(cacheDirectory.resolve(".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock()) {
          cached = cachedPrefix(keys, steps);
          if (cached.size() == steps.size()) {
            return cached;
          }
          deleteStaleWork();
          return run(base, steps, keys, cached);
        }
      } catch (IOException e) {
        throw new PaasException("Cannot use the run cache " + cacheDirectory + ": " + e.getMessage(), e);
      }
    }
  }

  // Holding the machine-wide lock, no other run is going on: any work directory is a leftover
  // of a build that was killed, and holds a whole unpacked file system.
  private void deleteStaleWork() throws IOException {
    try (var entries = Files.newDirectoryStream(cacheDirectory, "work-*")) {
      for (Path stale : entries) {
        log.info("Deleting " + stale + ", left by an interrupted build");
        LayerApplier.delete(stale);
      }
    }
  }

  private List<RunLayer> cachedPrefix(List<String> keys, List<RunStep> steps) {
    List<RunLayer> layers = new ArrayList<>();
    if (settings.refresh()) {
      return layers;
    }
    for (int i = 0; i < keys.size(); i++) {
      Optional<RunLayer> layer = readCached(keys.get(i), steps.get(i).name());
      if (layer.isEmpty()) {
        break;
      }
      layers.add(layer.get());
    }
    return layers;
  }

  private List<RunLayer> run(ImageSource base, List<RunStep> steps, List<String> keys,
      List<RunLayer> cached) throws PaasException, IOException {
    Sandbox sandbox = Sandbox.choose(settings.sandbox());
    Path work = Files.createTempDirectory(cacheDirectory, "work-");
    try {
      Path root = work.resolve("rootfs");
      Files.createDirectory(root);
      long started = System.nanoTime();
      LayerApplier applier = new LayerApplier(root, sandbox.canChown(), settings.maxRootfsBytes(), log);
      var stored = base.storedLayers();
      for (int i = 0; i < stored.size(); i++) {
        String name = (i + 1) + "/" + stored.size() + " of the base image (" + shortId(stored.get(i).diffId()) + ")";
        InputStream in;
        try {
          in = base.openStoredLayer(i);
        } catch (IOException e) {
          throw new PaasException("Cannot read layer " + name + ": " + e.getMessage(), e);
        }
        try (in) {
          applier.apply(in, name);
        }
      }
      for (RunLayer layer : cached) {
        try (InputStream in = Files.newInputStream(layer.file())) {
          applier.apply(in, layer.step() + " (cached)");
        }
      }
      applier.finish();
      OsFamily family = OsFamily.detect(root);
      log.info(String.format("Unpacked the base image's file system (%s) in %.1f s; sandbox: %s",
          family.key(), (System.nanoTime() - started) / 1e9, sandbox.mode().name().toLowerCase()));
      List<RunLayer> layers = new ArrayList<>(cached);
      SandboxRoot probe = new SandboxRoot(root, work.resolve("aside"));
      TreeSnapshot before = TreeSnapshot.of(root, probe.excluded());
      for (int i = cached.size(); i < steps.size(); i++) {
        RunStep step = steps.get(i);
        String script = step.scriptFor(family).orElseThrow(() -> new PaasException(step.name()
            + " has no command for the base image's OS family '" + family.key() + "' (from its "
            + "/etc/os-release): it offers " + step.scripts().keySet().stream().map(OsFamily::key).toList()
            + ". Choose a base image of one of those families, or ask the platform team to add one"));
        SandboxRoot sandboxRoot = new SandboxRoot(root, work.resolve("aside"));
        List<String> command = new ArrayList<>(interpreter(root, script, step.name()));
        command.add("/" + SandboxRoot.SCRIPT);
        long stepStarted = System.nanoTime();
        log.info("Running " + step.name() + " in the image (" + sandbox.mode().name().toLowerCase() + ")");
        try (sandboxRoot) {
          sandboxRoot.prepare(script, step.files(), hostResolvConf);
          sandbox.run(root, command, environment(base, step, family), step.name(), settings.timeout(),
              "paas.run.timeout", line -> log.info("[" + step.name() + "] " + line));
        }
        TreeSnapshot after = TreeSnapshot.of(root, sandboxRoot.excluded());
        RunLayer layer = store(keys.get(i), step, root, before, after, sandboxRoot, sandbox);
        log.info(String.format("%s ran in %.1f s; its layer %s is %d KiB", step.name(),
            (System.nanoTime() - stepStarted) / 1e9, shortId(layer.diffId()), layer.compressedSize() / 1024));
        layers.add(layer);
        before = after;
      }
      return layers;
    } finally {
      try {
        LayerApplier.delete(work);
      } catch (IOException e) {
        log.warn("Could not delete the work directory " + work + ": " + e.getMessage());
      }
    }
  }

  private RunLayer store(String key, RunStep step, Path root, TreeSnapshot before,
      TreeSnapshot after, SandboxRoot sandboxRoot, Sandbox sandbox) throws IOException {
    MessageDigest uncompressed = sha256();
    MessageDigest compressed = sha256();
    long[] sizes = new long[2];
    LayerDiff.Summary[] summary = new LayerDiff.Summary[1];
    Path file = cacheDirectory.resolve(key + ".tar.gz");
    AtomicFile.write(file, out -> {
      CountingOutputStream compressedOut = new CountingOutputStream(new DigestOutputStream(out, compressed));
      try (GZIPOutputStream gzip = new GZIPOutputStream(compressedOut, 64 * 1024);
          CountingOutputStream tarOut = new CountingOutputStream(new DigestOutputStream(gzip, uncompressed))) {
        summary[0] = LayerDiff.write(root, before, after, sandboxRoot.excluded(), sandbox.sandboxUid(), tarOut);
        tarOut.flush();
        sizes[1] = tarOut.count;
      }
      sizes[0] = compressedOut.count;
    });
    String createdBy = "RUN " + step.name() + " (paas-maven-plugin: " + summary[0].added()
        + " added or changed, " + summary[0].deleted() + " deleted)";
    if (summary[0].skipped() > 0) {
      log.warn(step.name() + " created " + summary[0].skipped() + " device node(s), FIFO(s) or "
          + "socket(s); they are not part of its layer");
    }
    RunLayer layer = new RunLayer(key, step.name(), digest(uncompressed), digest(compressed),
        sizes[0], sizes[1], file, createdBy);
    ObjectNode json = JSON.createObjectNode()
        .put("step", layer.step())
        .put("diffId", layer.diffId())
        .put("digest", layer.digest())
        .put("compressedSize", layer.compressedSize())
        .put("size", layer.size())
        .put("createdBy", layer.createdBy());
    AtomicFile.write(cacheDirectory.resolve(key + ".json"), out -> JSON.writeValue(out, json));
    return layer;
  }

  private Optional<RunLayer> readCached(String key, String step) {
    Path json = cacheDirectory.resolve(key + ".json");
    Path file = cacheDirectory.resolve(key + ".tar.gz");
    try {
      if (!Files.isRegularFile(json) || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      JsonNode node = JSON.readTree(json.toFile());
      if (Files.size(file) != node.path("compressedSize").asLong()) {
        return Optional.empty();
      }
      return Optional.of(new RunLayer(key, step, node.path("diffId").asText(),
          node.path("digest").asText(), node.path("compressedSize").asLong(),
          node.path("size").asLong(), file, node.path("createdBy").asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Map<String, String> environment(ImageSource base, RunStep step, OsFamily family) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", "/root");
    try {
      for (JsonNode entry : JSON.readTree(base.configBytes()).path("config").path("Env")) {
        String text = entry.asText();
        int eq = text.indexOf('=');
        if (eq > 0) {
          env.put(text.substring(0, eq), text.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      // A config without a readable Env: the defaults above stand.
    }
    env.put("DEBIAN_FRONTEND", "noninteractive");
    env.put("PAAS_OS_FAMILY", family.key());
    if (step.files().isPresent()) {
      env.put("PAAS_DIR", "/" + SandboxRoot.FILES);
    }
    env.putAll(step.environment());
    return env;
  }

  // '#!/bin/bash -e' runs the script with that interpreter of the image, anything else with /bin/sh.
  private static List<String> interpreter(Path root, String script, String step) throws PaasException {
    List<String> command = List.of("/bin/sh");
    if (script.startsWith("#!")) {
      String line = script.substring(2, script.indexOf('\n') < 0 ? script.length() : script.indexOf('\n')).strip();
      int space = line.indexOf(' ');
      command = space < 0 ? List.of(line) : List.of(line.substring(0, space), line.substring(space + 1).strip());
    }
    String program = command.get(0);
    if (!program.startsWith("/") || !Files.isRegularFile(RootPath.resolve(root, program.substring(1)))) {
      throw new PaasException(step + " needs " + program + ", which the base image does not have"
          + (script.startsWith("#!") ? ": change the script's first line (#!" + program + ")" : ""));
    }
    return command;
  }

  /** The cache key of each step: everything that can change the layer it makes. */
  List<String> keys(String baseDigest, List<RunStep> steps) throws PaasException {
    List<String> keys = new ArrayList<>();
    String parent = baseDigest;
    for (RunStep step : steps) {
      MessageDigest digest = sha256();
      update(digest, FORMAT);
      update(digest, "parent " + parent);
      // Ownership can differ between the modes (a user namespace maps one user only).
      update(digest, "sandbox " + Sandbox.effective(settings.sandbox()));
      update(digest, "step " + step.name());
      new TreeMap<>(step.scripts()).forEach((family, script) -> update(digest, family.key() + "\0" + script));
      new TreeMap<>(step.environment()).forEach((k, v) -> update(digest, "env " + k + "=" + v));
      if (step.files().isPresent()) {
        hashTree(digest, step.files().get());
      }
      parent = HexFormat.of().formatHex(digest.digest());
      keys.add(parent);
    }
    return keys;
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
          update(digest, "file " + name + " " + Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS));
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  private static String digest(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  static String shortId(String digest) {
    return digest.length() > 19 ? digest.substring(7, 19) : digest;
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
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
