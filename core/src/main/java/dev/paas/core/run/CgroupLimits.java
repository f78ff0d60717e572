package dev.paas.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this machine's cgroups let the runtime limit a step's memory and processes. */
final class CgroupLimits {
  private CgroupLimits() {}

  /** Whether memory and swap can be limited together, so a step cannot swap past its limit. */
  static boolean swapAccounting() {
    return Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"))
        || Files.exists(Path.of("/sys/fs/cgroup/memory.swap.max"))
        || Files.exists(Path.of("/sys/fs/cgroup/init.scope/memory.swap.max"));
  }

  /**
   * cgroup v2 with the memory and pids controllers, or v1 with both hierarchies, writable by root.
   */
  static boolean available() {
    Path root = Path.of("/sys/fs/cgroup");
    try {
      Path controllers = root.resolve("cgroup.controllers");
      if (Files.isRegularFile(controllers)) {
        String list = Files.readString(controllers);
        return list.contains("memory") && list.contains("pids") && Files.isWritable(root);
      }
      return Files.isWritable(root.resolve("memory")) && Files.isWritable(root.resolve("pids"));
    } catch (IOException e) {
      return false;
    }
  }
}
