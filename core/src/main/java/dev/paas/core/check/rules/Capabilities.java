package dev.paas.core.check.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Linux capabilities a descriptor may add: those of the Kubernetes Pod Security Standards'
 * baseline profile, and no others.
 */
final class Capabilities {
  // The baseline profile's list. A list of allowed names rather than of dangerous ones, so that
  // a capability the kernel gains later (BPF, PERFMON, CHECKPOINT_RESTORE) is caught too.
  private static final Set<String> BASELINE =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");
  private static final Map<String, String> WHY =
      Map.ofEntries(
          Map.entry("ALL", "it grants every capability, as good as privileged mode"),
          Map.entry(
              "SYS_ADMIN",
              "it allows mounts, namespaces and much of the kernel's "
                  + "administration, the usual way out of a container"),
          Map.entry("NET_ADMIN", "it allows changing interfaces, routes and firewall rules"),
          Map.entry(
              "NET_RAW", "it allows raw sockets, hence spoofed packets on the node's network"),
          Map.entry("SYS_PTRACE", "it allows tracing and injecting code into other processes"),
          Map.entry("SYS_MODULE", "it allows loading kernel modules into the host's kernel"),
          Map.entry("SYS_RAWIO", "it allows raw access to devices and kernel memory"),
          Map.entry("DAC_READ_SEARCH", "it allows reading any file regardless of permissions"),
          Map.entry("BPF", "it allows loading BPF programs into the host's kernel"));

  private Capabilities() {}

  /** The capability's canonical name: upper case, without {@code CAP_}. */
  static String name(String written) {
    String name = written.trim().toUpperCase(Locale.ROOT);
    return name.startsWith("CAP_") ? name.substring(4) : name;
  }

  /** Why adding the capability (canonical name) is flagged, or empty if baseline allows it. */
  static Optional<String> danger(String name) {
    if (BASELINE.contains(name)) {
      return Optional.empty();
    }
    return Optional.of(
        WHY.getOrDefault(
            name, "it is beyond the baseline set of the Kubernetes Pod Security Standards"));
  }
}
