package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The network of one sandboxed step. {@link RunNetwork#ISOLATED} gives the step a network namespace
 * of its own and, through a hook the runtime runs once that namespace exists, connects it to the
 * outside with {@code slirp4netns --disable-host-loopback}: packages can be downloaded, the host's
 * loopback services cannot be reached.
 */
final class SandboxNetwork implements AutoCloseable {
  /** The address through which slirp4netns answers DNS with the host's resolver. */
  static final String SLIRP_DNS = "10.0.2.3";

  // Runs on the host when the step's namespaces exist, before its command starts: reads the
  // step's first process from the runtime's state on stdin and connects its network namespace.
  private static final String HOOK =
      String.join(
          "\n",
          "set -e",
          "slirp=$1; pidfile=$2; ready=$3; log=$4",
          "state=$(cat)",
          "pid=$(printf '%s' \"$state\" | tr ',{}' '\\n\\n\\n' | sed -n 's/^ *\"pid\": *\\([0-9][0-9]*\\) *$/\\1/p' | head -n 1)",
          "[ -n \"$pid\" ] || { echo 'paas sandbox: no pid in the runtime state' >&2; exit 1; }",
          "rm -f \"$ready\"; mkfifo -m 600 \"$ready\"",
          "\"$slirp\" --configure --mtu=65520 --disable-host-loopback --ready-fd=3 \"$pid\" tap0 3>\"$ready\" >\"$log\" 2>&1 &",
          "echo $! > \"$pidfile\"",
          "ok=; read -r ok < \"$ready\" || true",
          "[ \"$ok\" = 1 ] || { echo \"paas sandbox: slirp4netns did not start: $(tail -n 5 \"$log\")\" >&2; exit 1; }",
          "");

  private static final String PID_FILE = "slirp4netns.pid";

  /** A program the runtime runs on the host while it creates the step's namespaces. */
  record Hook(String path, List<String> args) {}

  private final RunNetwork network;
  private final Path pidFile;
  private final List<Hook> hooks;

  private SandboxNetwork(RunNetwork network, Path pidFile, List<Hook> hooks) {
    this.network = network;
    this.pidFile = pidFile;
    this.hooks = hooks;
  }

  /**
   * The network {@code network} needs, its helper's files in {@code dir}.
   *
   * @param slirp where slirp4netns may be installed
   */
  static SandboxNetwork prepare(RunNetwork network, Path dir, List<String> slirp, boolean rootless)
      throws PaasException {
    Path pidFile = dir.resolve(PID_FILE);
    if (network != RunNetwork.ISOLATED) {
      return new SandboxNetwork(network, pidFile, List.of());
    }
    String program =
        slirp.stream()
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst()
            .orElseThrow(
                () ->
                    new PaasException(
                        "The platform profile runs steps on the isolated network "
                            + "(sandbox.network: isolated, the default), which needs slirp4netns, and it is not "
                            + "installed (looked for "
                            + String.join(", ", slirp)
                            + "). Install it (apt-get install "
                            + "slirp4netns), or ask the platform team to choose sandbox.network: none (no network) "
                            + "or host (the host's network, loopback services included)"));
    Path tun = Path.of("/dev/net/tun");
    if (rootless && !(Files.isReadable(tun) && Files.isWritable(tun))) {
      throw new PaasException(
          "The platform profile runs steps on the isolated network (sandbox.network: "
              + "isolated, the default), and this build, which does not run as root, cannot use "
              + tun
              + " for slirp4netns: it is not readable and writable by this user (it is mode 0666 on most "
              + "distributions). Make it so, run the build as root, or ask the platform team to choose "
              + "sandbox.network: none or host");
    }
    return new SandboxNetwork(
        network,
        pidFile,
        List.of(
            new Hook(
                "/bin/sh",
                List.of(
                    "sh",
                    "-c",
                    HOOK,
                    "paas-network",
                    program,
                    pidFile.toString(),
                    dir.resolve("slirp4netns.ready").toString(),
                    dir.resolve("slirp4netns.log").toString()))));
  }

  /** The step's network namespace: empty for the host's, else a new one. */
  Optional<Optional<Path>> namespace() {
    return network == RunNetwork.HOST ? Optional.empty() : Optional.of(Optional.empty());
  }

  /** The hooks that connect the namespace. */
  List<Hook> hooks() {
    return hooks;
  }

  /**
   * The {@code resolv.conf} the step gets: the host's, with its loopback name servers (a local
   * resolver such as systemd-resolved's 127.0.0.53) replaced by slirp4netns's forwarder on the
   * isolated network, where the host's loopback is out of reach.
   */
  static String resolvConf(RunNetwork network, String host) {
    if (network != RunNetwork.ISOLATED) {
      return host;
    }
    boolean[] replaced = {false};
    String text =
        host.lines()
            .map(
                line -> {
                  String[] words = line.strip().split("\\s+");
                  if (words.length >= 2
                      && words[0].equals("nameserver")
                      && (words[1].startsWith("127.") || words[1].equals("::1"))) {
                    if (replaced[0]) {
                      return "# " + line;
                    }
                    replaced[0] = true;
                    return "nameserver " + SLIRP_DNS;
                  }
                  return line;
                })
            .collect(Collectors.joining("\n", "", "\n"));
    return text;
  }

  /** Stops the helper, if one runs. Safe to call twice. */
  void stop() {
    stopHelper(pidFile);
  }

  /** Stops the helper a step whose files are in {@code dir} started, if one still runs. */
  static void stopHelperIn(Path dir) {
    stopHelper(dir.resolve(PID_FILE));
  }

  private static void stopHelper(Path pidFile) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      ProcessHandle.of(pid)
          .filter(p -> p.info().command().orElse("").endsWith("slirp4netns"))
          .ifPresent(ProcessHandle::destroyForcibly);
      Files.deleteIfExists(pidFile);
    } catch (IOException | NumberFormatException e) {
      // Nothing to stop.
    }
  }

  @Override
  public void close() {
    stop();
  }
}
