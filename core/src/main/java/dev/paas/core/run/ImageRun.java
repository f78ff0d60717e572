package dev.paas.core.run;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.PrintableText;
import dev.paas.core.Setting;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.image.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Runs {@link RunStep}s on an image's file system, each in the sandbox, and returns the layer each
 * made: what a Dockerfile's {@code RUN} lines would add, without a daemon.
 *
 * <p>Each layer is cached ({@link RunCache}) under a key of everything that can change it. A step
 * whose key is cached is not run again (unless {@link RunSettings#refresh()}); when every step is
 * cached the base image is not even unpacked.
 */
public final class ImageRun {
  /**
   * Passed from the build's environment, as Docker passes them to {@code RUN} (its predefined build
   * arguments): behind a proxy, {@code apt-get} needs them. Like Docker, they are not part of the
   * cache key.
   */
  static final List<String> PROXY_VARIABLES =
      List.of(
          "http_proxy",
          "https_proxy",
          "ftp_proxy",
          "no_proxy",
          "all_proxy",
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "FTP_PROXY",
          "NO_PROXY",
          "ALL_PROXY");

  private final RunCache cache;
  private final RunSettings settings;
  private final Path hostEtc;
  private final BuildLog log;

  private final Optional<FleetRunLayers> fleet;

  /**
   * @param cacheDirectory where layers are cached and file systems unpacked
   */
  public ImageRun(Path cacheDirectory, RunSettings settings, BuildLog log) {
    this(cacheDirectory, settings, Optional.empty(), log);
  }

  /**
   * @param cacheDirectory where layers are cached and file systems unpacked
   * @param fleet the registry repository the fleet shares run layers in, if any
   */
  public ImageRun(
      Path cacheDirectory, RunSettings settings, Optional<FleetCache> fleet, BuildLog log) {
    this(cacheDirectory, settings, Path.of("/etc"), fleet, log);
  }

  /**
   * @param hostEtc where the host's {@code resolv.conf} and {@code hosts} are
   */
  ImageRun(Path cacheDirectory, RunSettings settings, Path hostEtc, BuildLog log) {
    this(cacheDirectory, settings, hostEtc, Optional.empty(), log);
  }

  ImageRun(
      Path cacheDirectory,
      RunSettings settings,
      Path hostEtc,
      Optional<FleetCache> fleet,
      BuildLog log) {
    this.cache = new RunCache(cacheDirectory);
    this.settings = settings;
    this.hostEtc = hostEtc;
    this.fleet = fleet.map(f -> new FleetRunLayers(f, cache, settings.maxRootfsBytes(), log));
    this.log = log;
  }

  /** The layers of {@code steps} on {@code base}, in order: from the cache or made now. */
  public List<RunLayer> layers(ImageSource base, List<RunStep> steps) throws PaasException {
    if (steps.isEmpty()) {
      return List.of();
    }
    List<String> keys =
        cache.keys(base.digest(), steps, Sandbox.effective(settings.sandbox()), settings.network());
    List<RunLayer> cached = settings.refresh() ? List.of() : cache.cachedPrefix(keys, steps);
    if (cached.size() == steps.size()) {
      cached.forEach(
          l ->
              log.info(
                  "Using the cached layer of "
                      + l.step()
                      + " ("
                      + shortId(l.diffId())
                      + "); "
                      + Setting.RUN_REFRESH.setTo("true")
                      + " runs it again"));
      return cached;
    }
    try {
      return cache.locked(
          () -> {
            // Another build may have made the layers while this one waited for the lock.
            List<RunLayer> ready = settings.refresh() ? List.of() : cache.cachedPrefix(keys, steps);
            if (fleet.isPresent() && !settings.refresh()) {
              // Then what another machine of the fleet made, pulled into this machine's cache.
              ready = fleet.get().extend(keys, steps, ready);
            }
            if (ready.size() == steps.size()) {
              return ready;
            }
            List<RunLayer> made = run(base, steps, keys, ready);
            if (fleet.isPresent()) {
              fleet.get().publish(base.digest(), made.subList(ready.size(), made.size()));
            }
            return made;
          });
    } catch (IOException e) {
      throw new PaasException(
          "Cannot use the run cache " + cache.directory() + ": " + e.getMessage(), e);
    }
  }

  /** The unpacked file system the steps with commands run on, made when the first one needs it. */
  private static final class Workspace {
    Path work;
    Path root;
    RootFs fs;
    Sandbox sandbox;
    Owners owners;
    OsFamily family;
    TreeSnapshot before;
  }

  private List<RunLayer> run(
      ImageSource base, List<RunStep> steps, List<String> keys, List<RunLayer> cached)
      throws PaasException, IOException {
    List<RunLayer> layers = new ArrayList<>(cached);
    Workspace space = null;
    try {
      for (int i = cached.size(); i < steps.size(); i++) {
        RunStep step = steps.get(i);
        RunLayer layer;
        if (space == null && step.scripts().isEmpty()) {
          // Files alone need neither the base's file system nor a sandbox.
          layer = writeFilesLayer(keys.get(i), step);
        } else {
          if (space == null) {
            space = new Workspace();
            prepare(space, base, layers);
          }
          layer = runAndDiff(step, keys.get(i), space, base);
        }
        log.info(
            String.format(
                "%s: its layer %s is %d KiB",
                step.name(), shortId(layer.diffId()), layer.compressedSize() / 1024));
        layers.add(layer);
      }
      return layers;
    } finally {
      if (space != null && space.fs != null) {
        space.fs.close();
      }
      if (space != null && space.work != null) {
        try {
          LayerApplier.delete(space.work);
        } catch (IOException e) {
          log.warn("Could not delete the work directory " + space.work + ": " + e.getMessage());
        }
      }
    }
  }

  private void prepare(Workspace space, ImageSource base, List<RunLayer> below)
      throws PaasException, IOException {
    space.sandbox = Sandbox.choose(settings.sandbox());
    space.work =
        cache.newWorkDirectory(space.sandbox.workBase(cache.directory()), log, space.sandbox::reap);
    space.root = Files.createDirectory(space.work.resolve("rootfs"));
    long started = System.nanoTime();
    space.owners = new Owners(space.sandbox.mapping());
    Owners.Id root = space.owners.hostId(0, 0);
    Files.setAttribute(space.root, "unix:uid", root.uid());
    Files.setAttribute(space.root, "unix:gid", root.gid());
    unpack(base, below, space.root, space.sandbox, space.owners);
    space.fs = RootFs.open(space.root, RootFs.MissingParents.CREATE);
    space.family = OsFamily.detect(space.root);
    log.info(
        String.format(
            "Unpacked the base image's file system (%s) in %.1f s; sandbox: %s, " + "network: %s",
            space.family.key(),
            (System.nanoTime() - started) / 1e9,
            space.sandbox.describe(),
            settings.network().key()));
    space.before = snapshot(space.root, SandboxRoot.ALWAYS_EXCLUDED);
  }

  private RunLayer runAndDiff(RunStep step, String key, Workspace space, ImageSource base)
      throws PaasException {
    Path root = space.root;
    Path stepWork = space.work.resolve("step-" + shortId(key));
    SandboxRoot sandboxRoot = new SandboxRoot(space.fs, stepWork, space.sandbox.mapping());
    addFiles(step, space.fs, space.owners.hostId(0, 0));
    if (!step.scripts().isEmpty()) {
      runStep(
          step, space.family, space.fs, sandboxRoot, space.sandbox, space.owners, base, stepWork);
    }
    TreeSnapshot after = snapshot(root, sandboxRoot.excluded());
    TreeSnapshot from = space.before;
    RunLayer layer;
    try {
      layer =
          cache.write(
              key,
              step.name(),
              out -> {
                LayerDiff.Summary summary =
                    LayerDiff.write(
                        space.fs, from, after, sandboxRoot.excluded(), space.owners, out);
                if (summary.skipped() > 0) {
                  log.warn(
                      step.name()
                          + " created "
                          + summary.skipped()
                          + " device node(s), FIFO(s) or "
                          + "socket(s); they are not part of its layer");
                }
                return "RUN "
                    + step.name()
                    + " (paas-maven-plugin: "
                    + summary.added()
                    + " added or changed, "
                    + summary.deleted()
                    + " deleted)";
              });
    } catch (IOException e) {
      throw new PaasException(
          "Cannot write the layer of "
              + step.name()
              + " to "
              + cache.directory()
              + ": "
              + e.getMessage(),
          e);
    }
    space.owners.stepWritten();
    space.before = after;
    return layer;
  }

  // A step with files and no commands: its layer is the files, owned by root, dated like Jib's
  // (1970-01-01T00:00:01Z), so it is the same on every machine.
  private RunLayer writeFilesLayer(String key, RunStep step) throws PaasException {
    try {
      return cache.write(
          key,
          step.name(),
          out -> {
            TarArchiveOutputStream tar =
                new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (RunStep.AddedFile file : step.addedFiles()) {
              byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
              TarArchiveEntry entry =
                  new TarArchiveEntry(
                      file.path().replaceFirst("^/+", ""), TarConstants.LF_NORMAL, false);
              entry.setMode(0100000 | (file.mode() & 0777));
              entry.setModTime(1000);
              entry.setSize(bytes.length);
              tar.putArchiveEntry(entry);
              tar.write(bytes);
              tar.closeArchiveEntry();
            }
            tar.finish();
            tar.flush();
            return "ADD "
                + step.name()
                + " (paas-maven-plugin: "
                + step.addedFiles().size()
                + " file(s))";
          });
    } catch (IOException e) {
      throw new PaasException(
          "Cannot write the layer of "
              + step.name()
              + " to "
              + cache.directory()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  // The base's layers, then the cached run layers the remaining steps stack on.
  private void unpack(
      ImageSource base, List<RunLayer> cached, Path root, Sandbox sandbox, Owners owners)
      throws PaasException, IOException {
    LayerApplier applier =
        new LayerApplier(
            root,
            sandbox.canChown(),
            settings.maxRootfsBytes(),
            LayerApplier.MAX_ENTRIES,
            owners,
            log);
    var stored = base.storedLayers();
    for (int i = 0; i < stored.size(); i++) {
      String name =
          (i + 1)
              + "/"
              + stored.size()
              + " of the base image ("
              + shortId(stored.get(i).diffId())
              + ")";
      InputStream in;
      try {
        in = base.openStoredLayer(i);
      } catch (IOException e) {
        throw new PaasException("Cannot read layer " + name + ": " + e.getMessage(), e);
      }
      try (in) {
        applier.apply(
            in, name, new VerifiedLayer.Expected(stored.get(i).diffId(), stored.get(i).digest()));
      }
    }
    for (RunLayer layer : cached) {
      try (InputStream in = Files.newInputStream(layer.file())) {
        applier.apply(
            in,
            layer.step() + " (cached)",
            new VerifiedLayer.Expected(layer.diffId(), layer.digest()));
      }
    }
    applier.finish();
  }

  private void runStep(
      RunStep step,
      OsFamily family,
      RootFs fs,
      SandboxRoot sandboxRoot,
      Sandbox sandbox,
      Owners owners,
      ImageSource base,
      Path stepWork)
      throws PaasException {
    Path root = fs.root();
    String script =
        step.scriptFor(family)
            .orElseThrow(
                () ->
                    new PaasException(
                        step.name()
                            + " has no command for the base image's OS family '"
                            + family.key()
                            + "' (from its "
                            + "/etc/os-release): it offers "
                            + step.scripts().keySet().stream().map(OsFamily::key).sorted().toList()
                            + ". Choose a base image of one of those families, or ask the platform team to add one"));
    List<String> command = new ArrayList<>(interpreter(fs, script, step.name()));
    command.add("/" + SandboxRoot.SCRIPT);
    long started = System.nanoTime();
    log.info(
        "Running "
            + step.name()
            + " in the image ("
            + sandbox.mode().key()
            + ", network "
            + settings.network().key()
            + ")");
    try (SandboxRoot prepared = sandboxRoot) {
      prepared.prepare(script, step.files(), hostEtc, settings.network());
      Map<String, String> env = environment(base, step, family);
      if (sandbox.mode() == Sandbox.Mode.ROOTLESS) {
        env.put("APT_CONFIG", "/" + SandboxRoot.APT_CONFIG);
      }
      PaasException failed = null;
      try {
        sandbox.run(
            root,
            stepWork,
            command,
            env,
            prepared.binds(),
            settings,
            step.name(),
            line -> log.info("[" + step.name() + "] " + PrintableText.of(line)));
      } catch (PaasException e) {
        failed = e;
        throw e;
      } finally {
        // Also after a failed step: the build's user must be able to delete what it left.
        if (sandbox.subordinate().isPresent()) {
          try {
            owners.stepOwned(
                OwnerReset.reset(root, sandbox.subordinate().get(), stepWork.resolve("owners")));
          } catch (PaasException e) {
            if (failed == null) {
              throw e;
            }
            failed.addSuppressed(e);
          }
        }
      }
    }
    log.info(String.format("%s ran in %.1f s", step.name(), (System.nanoTime() - started) / 1e9));
  }

  // An option's files, written before its commands run so that they can use them. Each takes
  // the place of what the image has at its path, as the same file in a layer would.
  private static void addFiles(RunStep step, RootFs fs, Owners.Id owner) throws PaasException {
    for (RunStep.AddedFile file : step.addedFiles()) {
      try (RootEntry target = fs.newEntry(file.path())) {
        target.delete();
        try (NewFile out = target.createFile()) {
          out.write(file.content().getBytes(StandardCharsets.UTF_8));
          out.setOwner(owner.uid(), owner.gid());
          out.setMode(file.mode());
        }
      } catch (IOException e) {
        throw new PaasException(
            step.name() + " cannot add " + file.path() + " to the image: " + e.getMessage(), e);
      }
    }
  }

  private static TreeSnapshot snapshot(Path root, Set<String> excluded) throws PaasException {
    try {
      return TreeSnapshot.of(root, excluded);
    } catch (IOException e) {
      throw new PaasException(
          "Cannot read the image's file system in " + root + ": " + e.getMessage(), e);
    }
  }

  private Map<String, String> environment(ImageSource base, RunStep step, OsFamily family) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", "/root");
    try {
      env.putAll(base.environment());
    } catch (IOException e) {
      // A config without a readable Env: the defaults above stand.
    }
    for (String name : PROXY_VARIABLES) {
      String value = System.getenv(name);
      if (value != null && !value.isEmpty()) {
        env.put(name, value);
      }
    }
    env.put("DEBIAN_FRONTEND", "noninteractive");
    env.put("PAAS_OS_FAMILY", family.key());
    if (step.files().isPresent()) {
      env.put("PAAS_DIR", "/" + SandboxRoot.FILES);
    }
    env.putAll(step.environment());
    return env;
  }

  // '#!/bin/bash -e' runs the script with that interpreter of the image, anything else with
  // /bin/sh.
  private static List<String> interpreter(RootFs fs, String script, String step)
      throws PaasException {
    List<String> command = List.of("/bin/sh");
    if (script.startsWith("#!")) {
      int end = script.indexOf('\n') < 0 ? script.length() : script.indexOf('\n');
      String line = script.substring(2, end).strip();
      int space = line.indexOf(' ');
      command =
          space < 0
              ? List.of(line)
              : List.of(line.substring(0, space), line.substring(space + 1).strip());
    }
    String program = command.get(0);
    boolean present;
    try {
      present =
          program.startsWith("/") && fs.stat(program).map(FileStat::isRegularFile).orElse(false);
    } catch (RootFs.Failure e) {
      throw new PaasException(step + " needs " + program + ": " + e.getMessage(), e);
    }
    if (!present) {
      throw new PaasException(
          step
              + " needs "
              + program
              + ", which the base image does not have"
              + (script.startsWith("#!")
                  ? ": change the script's first line (#!" + program + ")"
                  : ""));
    }
    return command;
  }

  static String shortId(String digest) {
    return digest.length() > 19 ? digest.substring(7, 19) : digest;
  }
}
