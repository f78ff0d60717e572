package dev.paas.core.run;

import dev.paas.core.PaasException;
import dev.paas.core.script.ScriptRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command as root on an unpacked image file system, as a Dockerfile {@code RUN} would,
 * without a daemon: in an OCI runtime ({@code runc}, else {@code crun}) with a generated bundle
 * ({@link OciBundle}). The command's root is a user namespace's: as root, a range of unprivileged
 * host ids ({@link #ROOT_RANGE}); without root, the build's own user, in the runtime's rootless
 * mode. Every process of the step is gone when it ends, also on time-out and on Ctrl-C.
 */
public final class Sandbox {
  /** How commands are isolated. */
  public enum Mode {
    /** {@link #ROOT} when the build runs as root, {@link #ROOTLESS} otherwise. */
    AUTO,
    /** The runtime as root, the step's ids mapped to {@link #ROOT_RANGE}. */
    ROOT,
    /** The runtime's rootless mode: the build's user is the step's root, and the only user. */
    ROOTLESS;

    /** The mode named {@code text} ({@code auto}, {@code root}, {@code rootless}). */
    public static Mode parse(String text) throws PaasException {
      String name = text.strip().toLowerCase(Locale.ROOT);
      if (name.equals("chroot") || name.equals("userns")) {
        throw new PaasException(
            "paas.run.sandbox="
                + name
                + " is no longer offered: a chroot is no "
                + "boundary (a script leaves it with two chroot calls). Use auto, root or rootless: "
                + "every step now runs in an OCI runtime (runc) in a user namespace");
      }
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new PaasException("paas.run.sandbox is '" + text + "': use auto, root or rootless");
      }
    }

    /** Its name in logs and properties. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * As root, image ids 0..65535 are host ids from 1879048192 (0x70000000) on: far above the ids
   * {@code useradd} gives users and their subordinate ranges, so a step's root owns nothing of the
   * host's and is no one there.
   */
  public static final Owners.Mapping ROOT_RANGE = new Owners.Mapping(0x70000000, 0x70000000, 65536);

  static final List<String> RUNTIMES =
      List.of(
          "/usr/sbin/runc",
          "/usr/bin/runc",
          "/usr/local/sbin/runc",
          "/usr/local/bin/runc",
          "/usr/bin/crun",
          "/usr/local/bin/crun");

  /** The system property that names the OCI runtime, instead of the first of {@link #RUNTIMES}. */
  public static final String RUNTIME_PROPERTY = "paas.run.runtime";

  static final List<String> SLIRP = List.of("/usr/bin/slirp4netns", "/usr/local/bin/slirp4netns");

  private static final String ALTERNATIVES =
      "Alternatives: install the OCI runtime (apt-get install "
          + "runc, or crun) and, for the isolated network, slirp4netns; or do without a sandboxed run: "
          + "build a custom base image that derives from the official base with these changes, or ask "
          + "the platform team for a prebuilt option that provides them.";

  private final Mode mode;
  private final String runtime;
  private final Owners.Mapping mapping;
  private final Optional<SubordinateIds> subordinate;

  private Sandbox(
      Mode mode, String runtime, Owners.Mapping mapping, Optional<SubordinateIds> subordinate) {
    this.mode = mode;
    this.runtime = runtime;
    this.mapping = mapping;
    this.subordinate = subordinate;
  }

  /** The sandbox this machine offers for {@code requested}, or an error naming the alternatives. */
  public static Sandbox choose(Mode requested) throws PaasException {
    String chosen = System.getProperty(RUNTIME_PROPERTY, "").strip();
    if (!chosen.isEmpty()) {
      if (!chosen.startsWith("/") || !Files.isExecutable(Path.of(chosen))) {
        throw new PaasException(
            RUNTIME_PROPERTY
                + " is '"
                + chosen
                + "', which is not the absolute path of "
                + "an executable OCI runtime. Name runc or crun by path (for example /usr/bin/crun), or leave it "
                + "unset to use the first of "
                + String.join(", ", RUNTIMES));
      }
      return choose(requested, List.of(chosen));
    }
    return choose(requested, RUNTIMES);
  }

  static Sandbox choose(Mode requested, List<String> runtimes) throws PaasException {
    String runtime =
        runtimes.stream()
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst()
            .orElseThrow(
                () ->
                    new PaasException(
                        "Cannot run commands in the image: no OCI runtime is "
                            + "installed (looked for "
                            + String.join(", ", runtimes)
                            + "), so no sandbox can be made. "
                            + ALTERNATIVES));
    int uid = currentUid();
    Mode mode = effective(requested);
    if (mode == Mode.ROOT && uid != 0) {
      throw new PaasException(
          "paas.run.sandbox=root needs the build to run as root, and it runs as uid "
              + uid
              + ". Use paas.run.sandbox=auto (the runtime's rootless mode). "
              + ALTERNATIVES);
    }
    if (mode == Mode.ROOTLESS && uid == 0) {
      throw new PaasException(
          "paas.run.sandbox=rootless is for builds that do not run as root: as "
              + "root it would make the step's root the host's. Use paas.run.sandbox=auto or root, which "
              + "map the step's ids to an unprivileged range");
    }
    if (mode == Mode.ROOTLESS) {
      String problem = probeUserNamespace();
      if (problem != null) {
        throw new PaasException(
            "Cannot run commands in the image: this build runs as uid "
                + uid
                + " and unprivileged user namespaces are not available ("
                + problem
                + "), so the "
                + "runtime's rootless mode cannot work. Run the build as root (as CI containers usually "
                + "do) or allow unprivileged user namespaces (sysctl user.max_user_namespaces > 0, and "
                + "kernel.unprivileged_userns_clone=1 where it exists). "
                + ALTERNATIVES);
      }
    }
    Owners.Mapping mapping =
        mode == Mode.ROOT ? ROOT_RANGE : new Owners.Mapping(uid, currentGid(), 1);
    Optional<SubordinateIds> subordinate =
        mode == Mode.ROOT
            ? Optional.empty()
            : SubordinateIds.of(
                System.getProperty("user.name", ""), uid, currentGroupName(), currentGid());
    return new Sandbox(mode, runtime, mapping, subordinate);
  }

  /**
   * What {@code requested} means for this build: {@code auto} is root as root, rootless otherwise.
   */
  static Mode effective(Mode requested) {
    return requested != Mode.AUTO ? requested : currentUid() == 0 ? Mode.ROOT : Mode.ROOTLESS;
  }

  /** The mode in use: {@link Mode#ROOT} or {@link Mode#ROOTLESS}. */
  public Mode mode() {
    return mode;
  }

  /** The runtime's path. */
  String runtime() {
    return runtime;
  }

  /** How image ids are host ids while a step runs. */
  Owners.Mapping mapping() {
    return mapping;
  }

  /**
   * The build user's subordinate ids, which a rootless step's namespace maps after its root; empty
   * as root, and where the user has none (then the step's root is its only user).
   */
  Optional<SubordinateIds> subordinate() {
    return subordinate;
  }

  /** The mode, and without root which ids the step has, for the log. */
  String describe() {
    if (mode == Mode.ROOT) {
      return mode.key();
    }
    return subordinate
        .map(
            ids ->
                mode.key()
                    + " (root and subordinate ids "
                    + ids.uidStart()
                    + "+"
                    + ids.size()
                    + ")")
        .orElse(mode.key() + " (root alone: /etc/subuid gives this user no range)");
  }

  /**
   * Whether unpacked files get (the host ids of) the owners the image's layers name: only root can.
   */
  boolean canChown() {
    return mode == Mode.ROOT;
  }

  /**
   * Where a step's work directory goes. The runtime enters the image's file system as the step's
   * root, a host id of the range: as root every directory above it must let that id pass, which a
   * home directory does not, so root's steps work under {@code /var/tmp/paas-sandbox} (mode 0711:
   * passable, not listable); rootless steps work in the run cache.
   */
  Path workBase(Path runCache) throws PaasException {
    if (mode != Mode.ROOT) {
      return runCache;
    }
    Path base = Path.of("/var/tmp/paas-sandbox");
    try {
      if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(base.getParent());
        try {
          Files.createDirectory(base);
        } catch (FileAlreadyExistsException raced) {
          // Another build made it: checked below.
        }
      }
      Map<String, Object> a =
          Files.readAttributes(base, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      int fileMode = (Integer) a.get("mode");
      if ((fileMode & 0170000) != 0040000 || (Integer) a.get("uid") != 0) {
        throw new PaasException(
            base
                + " is not a directory owned by root: something else put it "
                + "there. Remove it; the sandbox makes it anew");
      }
      if ((fileMode & 07777) != 0711) {
        Files.setAttribute(base, "unix:mode", 0711, LinkOption.NOFOLLOW_LINKS);
      }
      return base;
    } catch (IOException e) {
      throw new PaasException(
          "Cannot prepare the sandbox's work directory " + base + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code command} (absolute paths inside the root) with {@code root} as its root directory.
   *
   * @param work a directory of the step's own, outside {@code root}, for the bundle and state
   * @param environment the command's whole environment
   * @param binds host copies bound into the file system
   */
  void run(
      Path root,
      Path work,
      List<String> command,
      Map<String, String> environment,
      List<OciBundle.Bind> binds,
      RunSettings settings,
      String what,
      Consumer<String> output)
      throws PaasException {
    String id = "paas-" + UUID.randomUUID().toString().substring(0, 13);
    Path bundle = work.resolve("bundle");
    Path state = work.resolve("runtime-state");
    try (SandboxNetwork network =
        SandboxNetwork.prepare(settings.network(), bundle, SLIRP, mode == Mode.ROOTLESS)) {
      Files.createDirectories(bundle);
      Files.createDirectories(state);
      Optional<String> cgroups =
          mode == Mode.ROOT && CgroupLimits.available()
              ? Optional.of("/paas-sandbox/" + id)
              : Optional.empty();
      String config =
          OciBundle.config(
              new OciBundle.Spec(
                  root,
                  command,
                  environment,
                  mapping,
                  network.namespace(),
                  binds,
                  cgroups,
                  settings.maxMemoryBytes(),
                  settings.maxProcesses(),
                  settings.maxRootfsBytes(),
                  network.hooks(),
                  subordinate));
      Files.writeString(bundle.resolve("config.json"), config, StandardCharsets.UTF_8);
      ProcessBuilder builder =
          new ProcessBuilder(runtimeCommand(state, "run", "--bundle", bundle.toString(), id))
              .directory(work.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      Thread onExit = new Thread(() -> stop(state, id, network), "paas-sandbox-stop");
      Runtime.getRuntime().addShutdownHook(onExit);
      try {
        new ScriptRunner(settings.timeout(), "paas.run.timeout").run(what, builder, output);
      } finally {
        stop(state, id, network);
        try {
          Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
          // The hook runs anyway.
        }
      }
    } catch (IOException e) {
      throw new PaasException(
          "Cannot prepare the sandbox for " + what + " in " + work + ": " + e.getMessage(), e);
    }
  }

  /**
   * Ends the steps a build that was killed outright (SIGKILL: no shutdown hook ran) left running in
   * {@code work}: their runtime state is there, and with it their processes can be found.
   */
  void reap(Path work) {
    try (var steps = Files.newDirectoryStream(work, "step-*")) {
      for (Path step : steps) {
        SandboxNetwork.stopHelperIn(step.resolve("bundle"));
        Path state = step.resolve("runtime-state");
        if (!Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (var containers = Files.newDirectoryStream(state)) {
          for (Path container : containers) {
            deleteContainer(state, container.getFileName().toString());
          }
        }
      }
    } catch (IOException e) {
      // Nothing left to end.
    }
    // Its step's files may still be its subordinate ids', which the build's user cannot delete.
    Path root = work.resolve("rootfs");
    if (subordinate.isPresent() && Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      try {
        OwnerReset.reset(root, subordinate.get(), work.resolve("owners-of-stale-rootfs"));
      } catch (PaasException e) {
        // Deleting it says what is left.
      }
    }
  }

  // Ends the step and its network's helper. Safe to call twice.
  private void stop(Path state, String id, SandboxNetwork network) {
    deleteContainer(state, id);
    network.stop();
  }

  // Kills whatever is left of the step (its cgroup, else its PID namespace through its first
  // process) and forgets it.
  private void deleteContainer(Path state, String id) {
    try {
      Process process =
          new ProcessBuilder(runtimeCommand(state, "delete", "--force", id))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      // Nothing was created.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // The runtime, its state kept in {@code state}, in this sandbox's mode, doing {@code verb}.
  private List<String> runtimeCommand(Path state, String... verb) {
    List<String> args = new ArrayList<>(List.of(runtime, "--root", state.toString()));
    if (mode == Mode.ROOTLESS) {
      args.add("--rootless=true");
    }
    args.addAll(List.of(verb));
    return args;
  }

  // A rootless runtime needs unprivileged user namespaces.
  private static String probeUserNamespace() {
    try {
      Process process =
          new ProcessBuilder("unshare", "--user", "--map-root-user", "true")
              .redirectErrorStream(true)
              .start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "unshare did not finish in 20 s";
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0
          ? null
          : (output.isEmpty() ? "exit " + process.exitValue() : output);
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  static int currentUid() {
    return procSelf("unix:uid");
  }

  private static String currentGroupName() {
    try {
      return Files.readAttributes(Path.of("/proc/self"), PosixFileAttributes.class)
          .group()
          .getName();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  private static int currentGid() {
    return procSelf("unix:gid");
  }

  private static int procSelf(String attribute) {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }
}
