package dev.paas.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI runtime bundle's {@code config.json} of one sandboxed step: what {@code runc spec} makes,
 * tightened as {@code docker build} runs a {@code RUN} line. The step is root in a user namespace
 * that maps it to an unprivileged host range; it has Docker's default capabilities and no more,
 * {@code no_new_privileges}, private mount, PID, IPC, UTS (and, unless the host network was chosen,
 * network) namespaces, {@code pivot_root} into the image's file system, masked and read-only kernel
 * paths, and limits on open files, processes, file size and, where cgroups allow, memory.
 */
final class OciBundle {
  /** Docker's default capability set: what a {@code RUN} line may do, nothing more. */
  static final List<String> CAPABILITIES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FSETID",
          "CAP_FOWNER",
          "CAP_MKNOD",
          "CAP_NET_RAW",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETFCAP",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_SYS_CHROOT",
          "CAP_KILL",
          "CAP_AUDIT_WRITE");

  /** Kernel paths no step may read: those runc and Docker mask. */
  static final List<String> MASKED_PATHS =
      List.of(
          "/proc/acpi",
          "/proc/asound",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/sys/firmware",
          "/sys/devices/virtual/powercap");

  /** Kernel paths no step may write. */
  static final List<String> READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  /** Open files per process, as {@code podman} and the build machines' containers use. */
  static final int MAX_OPEN_FILES = 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A host file or directory bound into the step's file system, writable (it is a copy). */
  record Bind(Path source, String destination) {}

  /**
   * What the bundle says.
   *
   * @param rootfs the unpacked image file system
   * @param args the command, absolute inside the root
   * @param environment the command's whole environment
   * @param mapping the user namespace's id mapping
   * @param network the network's namespace: empty for the host's, else a new one or a path
   * @param binds host copies bound into the file system (DNS settings, the step's files)
   * @param cgroupsPath where the step's cgroup goes, when limits can be set through cgroups
   */
  record Spec(
      Path rootfs,
      List<String> args,
      Map<String, String> environment,
      Owners.Mapping mapping,
      Optional<Optional<Path>> network,
      List<Bind> binds,
      Optional<String> cgroupsPath,
      long maxMemoryBytes,
      int maxProcesses,
      long maxFileBytes,
      List<SandboxNetwork.Hook> hooks,
      Optional<SubordinateIds> subordinate) {}

  private OciBundle() {}

  /** The {@code config.json} of {@code spec}. */
  static String config(Spec spec) {
    ObjectNode config = JSON.createObjectNode();
    config.put("ociVersion", "1.0.2");
    ObjectNode process = config.putObject("process");
    process.put("terminal", false);
    process.putObject("user").put("uid", 0).put("gid", 0);
    spec.args().forEach(process.putArray("args")::add);
    ArrayNode env = process.putArray("env");
    spec.environment().forEach((k, v) -> env.add(k + "=" + v));
    process.put("cwd", "/");
    ObjectNode capabilities = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      CAPABILITIES.forEach(capabilities.putArray(set)::add);
    }
    ArrayNode rlimits = process.putArray("rlimits");
    rlimit(rlimits, "RLIMIT_NOFILE", MAX_OPEN_FILES);
    rlimit(rlimits, "RLIMIT_NPROC", spec.maxProcesses());
    rlimit(rlimits, "RLIMIT_FSIZE", spec.maxFileBytes());
    rlimit(rlimits, "RLIMIT_CORE", 0);
    process.put("noNewPrivileges", true);
    process.put("oomScoreAdj", 500);

    if (!spec.hooks().isEmpty()) {
      ArrayNode createRuntime = config.putObject("hooks").putArray("createRuntime");
      for (SandboxNetwork.Hook hook : spec.hooks()) {
        ObjectNode node = createRuntime.addObject().put("path", hook.path()).put("timeout", 60);
        hook.args().forEach(node.putArray("args")::add);
      }
    }
    config.putObject("root").put("path", spec.rootfs().toString()).put("readonly", false);
    config.put("hostname", "paas-run");
    mounts(config.putArray("mounts"), spec);

    ObjectNode linux = config.putObject("linux");
    ArrayNode uids = linux.putArray("uidMappings");
    ArrayNode gids = linux.putArray("gidMappings");
    mapping(uids, 0, spec.mapping().uid(), spec.mapping().size());
    mapping(gids, 0, spec.mapping().gid(), spec.mapping().size());
    // Rootless: the build's user is root, its subordinate ids the rest (the runtime calls
    // newuidmap).
    spec.subordinate()
        .ifPresent(
            ids -> {
              mapping(uids, 1, ids.uidStart(), ids.size());
              mapping(gids, 1, ids.gidStart(), ids.size());
            });
    ArrayNode namespaces = linux.putArray("namespaces");
    for (String type : List.of("pid", "ipc", "uts", "mount", "user")) {
      namespaces.addObject().put("type", type);
    }
    spec.network()
        .ifPresent(
            path -> {
              ObjectNode ns = namespaces.addObject().put("type", "network");
              path.ifPresent(p -> ns.put("path", p.toString()));
            });
    spec.cgroupsPath()
        .ifPresent(
            path -> {
              linux.put("cgroupsPath", path);
              ObjectNode resources = linux.putObject("resources");
              ObjectNode memory = resources.putObject("memory").put("limit", spec.maxMemoryBytes());
              if (CgroupLimits.swapAccounting()) {
                memory.put("swap", spec.maxMemoryBytes());
              }
              resources.putObject("pids").put("limit", spec.maxProcesses());
            });
    MASKED_PATHS.forEach(linux.putArray("maskedPaths")::add);
    READONLY_PATHS.forEach(linux.putArray("readonlyPaths")::add);
    return config.toPrettyString();
  }

  private static void mounts(ArrayNode mounts, Spec spec) {
    mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    // The tty group exists only where the namespace maps more than root.
    if (spec.mapping().size() > 5 || spec.subordinate().isPresent()) {
      mount(
          mounts,
          "/dev/pts",
          "devpts",
          "devpts",
          "nosuid",
          "noexec",
          "newinstance",
          "ptmxmode=0666",
          "mode=0620",
          "gid=5");
    } else {
      mount(
          mounts,
          "/dev/pts",
          "devpts",
          "devpts",
          "nosuid",
          "noexec",
          "newinstance",
          "ptmxmode=0666",
          "mode=0620");
    }
    mount(
        mounts,
        "/dev/shm",
        "tmpfs",
        "shm",
        "nosuid",
        "noexec",
        "nodev",
        "mode=1777",
        "size=65536k");
    mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    for (Bind bind : spec.binds()) {
      mount(
          mounts, bind.destination(), "bind", bind.source().toString(), "rbind", "nosuid", "nodev");
    }
  }

  private static void mount(
      ArrayNode mounts, String destination, String type, String source, String... options) {
    ObjectNode mount =
        mounts.addObject().put("destination", destination).put("type", type).put("source", source);
    ArrayNode list = mount.putArray("options");
    for (String option : options) {
      list.add(option);
    }
  }

  private static void mapping(ArrayNode mappings, int containerId, int hostId, int size) {
    mappings.addObject().put("containerID", containerId).put("hostID", hostId).put("size", size);
  }

  private static void rlimit(ArrayNode rlimits, String type, long limit) {
    rlimits.addObject().put("type", type).put("hard", limit).put("soft", limit);
  }
}
