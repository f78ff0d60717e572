package dev.paas.core.run;

import dev.paas.core.PaasException;
import dev.paas.core.script.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command as root with an unpacked image file system as its root, as a Dockerfile
 * {@code RUN} would, without a daemon: {@code chroot} in a private mount and PID namespace when
 * the build runs as root, an unprivileged user namespace otherwise. The command gets a fresh
 * {@code /proc}, a minimal {@code /dev} and the host's network; the mounts disappear with the
 * namespace when it ends.
 */
public final class Sandbox {
  /** How commands are isolated. */
  public enum Mode {
    /** {@code chroot} when root, a user namespace otherwise. */
    AUTO,
    /** {@code chroot} in a private mount namespace; the build must run as root. */
    CHROOT,
    /** An unprivileged user namespace in which the build's user is root. */
    USERNS;

    /** The mode named {@code text} ({@code auto}, {@code chroot}, {@code userns}). */
    public static Mode parse(String text) throws PaasException {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new PaasException("paas.run.sandbox is '" + text + "': use auto, chroot or userns");
      }
    }
  }

  static final List<String> MOUNT_POINTS = List.of("proc", "dev");

  // Runs on the host inside the new namespaces: mounts, then enters the root with a clean
  // environment. Arguments: the root, then env's arguments (variables, chroot, command).
  private static final String SETUP = String.join("\n",
      "set -e",
      "root=$1; shift",
      "mount -t proc -o nosuid,nodev,noexec proc \"$root/proc\"",
      "mount -t tmpfs -o nosuid,mode=0755 paas-dev \"$root/dev\"",
      "for d in null zero full random urandom tty; do",
      "  : > \"$root/dev/$d\"; mount --bind \"/dev/$d\" \"$root/dev/$d\"",
      "done",
      "ln -s /proc/self/fd \"$root/dev/fd\"",
      "ln -s /proc/self/fd/0 \"$root/dev/stdin\"",
      "ln -s /proc/self/fd/1 \"$root/dev/stdout\"",
      "ln -s /proc/self/fd/2 \"$root/dev/stderr\"",
      "mkdir \"$root/dev/shm\" \"$root/dev/pts\"",
      // apt and dpkg want pseudo-terminals; a private devpts instance, where the kernel allows one.
      "if mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts \"$root/dev/pts\" 2>/dev/null; then",
      "  ln -s pts/ptmx \"$root/dev/ptmx\"",
      "fi",
      "cd \"$root\"",
      "exec /usr/bin/env -i \"$@\"");

  private static final String ALTERNATIVES = "Alternatives: run the build as root (as CI "
      + "containers usually do); allow unprivileged user namespaces on this machine (sysctl "
      + "kernel.unprivileged_userns_clone=1 and user.max_user_namespaces > 0); or do without a "
      + "sandboxed run: build a custom base image that derives from the official base with these "
      + "changes, or ask the platform team for a prebuilt option that provides them.";

  private final Mode mode;
  private final int hostUid;
  private final String unshare;
  private final String chroot;

  private Sandbox(Mode mode, int hostUid, String unshare, String chroot) {
    this.mode = mode;
    this.hostUid = hostUid;
    this.unshare = unshare;
    this.chroot = chroot;
  }

  /** The sandbox this machine offers for {@code requested}, or an error naming the alternatives. */
  public static Sandbox choose(Mode requested) throws PaasException {
    return choose(requested, "/usr/bin/unshare");
  }

  static Sandbox choose(Mode requested, String unshare) throws PaasException {
    int uid = currentUid();
    if (!Files.isExecutable(Path.of(unshare))) {
      throw new PaasException("Cannot run commands in the image: " + unshare + " (util-linux) is "
          + "not installed, so no sandbox can be made. Install util-linux, or: " + ALTERNATIVES);
    }
    String chroot = List.of("/usr/sbin/chroot", "/usr/bin/chroot", "/sbin/chroot").stream()
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseThrow(() -> new PaasException(
            "Cannot run commands in the image: chroot (coreutils) is not installed. Install it, or: "
                + ALTERNATIVES));
    Mode mode = effective(requested);
    if (mode == Mode.CHROOT && uid != 0) {
      throw new PaasException("paas.run.sandbox=chroot needs the build to run as root, and it runs "
          + "as uid " + uid + ". Use paas.run.sandbox=auto (user namespaces). " + ALTERNATIVES);
    }
    Sandbox sandbox = new Sandbox(mode, uid, unshare, chroot);
    String problem = sandbox.probe();
    if (problem != null) {
      throw new PaasException("Cannot run commands in the image: " + (mode == Mode.USERNS
          ? "this build runs as uid " + uid + " and unprivileged user namespaces are not available"
          : "a private mount namespace cannot be made") + " (" + problem + "). " + ALTERNATIVES);
    }
    return sandbox;
  }

  /** What {@code requested} means for this build: {@code auto} is chroot as root, userns otherwise. */
  static Mode effective(Mode requested) {
    return requested != Mode.AUTO ? requested : currentUid() == 0 ? Mode.CHROOT : Mode.USERNS;
  }

  /** The mode in use: {@link Mode#CHROOT} or {@link Mode#USERNS}. */
  public Mode mode() {
    return mode;
  }

  /**
   * Whether unpacked files get the owners the image's layers name. Only root can give them, and
   * only chroot can use them: a user namespace maps one user, so there every file belongs to the
   * build's user, which is root inside.
   */
  boolean canChown() {
    return mode == Mode.CHROOT && hostUid == 0;
  }

  /**
   * In a user namespace, the host user and group that are root inside it (the build's own);
   * empty with chroot, where ids are the same inside and out.
   */
  Optional<Owners.Id> namespaceRoot() {
    return mode == Mode.USERNS ? Optional.of(new Owners.Id(hostUid, currentGid())) : Optional.empty();
  }

  /**
   * Runs {@code command} (absolute paths inside the root) with {@code root} as its root directory.
   *
   * @param environment the command's whole environment
   */
  void run(Path root, List<String> command, Map<String, String> environment, String what,
      Duration timeout, String timeoutProperty, Consumer<String> output) throws PaasException {
    List<String> args = new ArrayList<>(namespaceCommand());
    args.addAll(List.of("--", "/bin/sh", "-c", SETUP, "paas-sandbox", root.toString()));
    environment.forEach((k, v) -> args.add(k + "=" + v));
    args.add(chroot);
    args.add(root.toString());
    args.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(args).directory(root.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    new ScriptRunner(timeout, timeoutProperty).run(what, builder, output);
  }

  private List<String> namespaceCommand() {
    List<String> args = new ArrayList<>(List.of(unshare, "--mount", "--pid", "--fork",
        "--kill-child"));
    if (mode == Mode.USERNS) {
      args.addAll(List.of("--user", "--map-root-user"));
    }
    return args;
  }

  private String probe() {
    List<String> args = new ArrayList<>(namespaceCommand());
    args.addAll(List.of("--", "/bin/sh", "-c", "mount -t tmpfs paas-probe /mnt 2>&1 || "
        + "mount -t tmpfs paas-probe /tmp 2>&1"));
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "unshare did not finish in 20 s";
      }
      String output = new String(process.getInputStream().readAllBytes()).strip();
      return process.exitValue() == 0 ? null : (output.isEmpty() ? "exit " + process.exitValue() : output);
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static int currentUid() {
    return procSelf("unix:uid");
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
