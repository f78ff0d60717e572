package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gives the build's user back what a rootless step with subordinate ids left to other ids. Such a
 * step's files belong to host ids the build's user is not (its subordinate range), which it may
 * neither read, nor search, nor delete. After the step, in the same user namespace as the step
 * (made with {@code unshare} and the {@code newuidmap} helpers), the host's own {@code find},
 * {@code chmod} and {@code chown} record every entry's owner and mode, then make the entry the
 * namespace root's, that is the build user's, readable by it; the layer takes the recorded owners
 * and modes.
 *
 * <p>Path strings are safe here: the step's processes are gone (its PID namespace ended with it),
 * so the tree holds still, and {@code find} never follows a link, nor {@code chown -h} the last
 * one; every entry it names is reached through real directories.
 */
final class OwnerReset {
  /** An entry's owner and mode as the step left them, in the image's ids. */
  record Owned(int uid, int gid, int mode) {}

  private static final long TIMEOUT_SECONDS = 300;
  private static final String SCRIPT =
      String.join(
          "\n",
          "set -e",
          "cd -- \"$1\"",
          "find . -xdev \\( ! -uid 0 -o ! -gid 0 \\) -fprintf \"$2\" '%U %G %m %P\\0'",
          "find . -xdev \\( ! -uid 0 -o ! -gid 0 \\) \\( -type d ! -perm -u=rwx -exec chmod u+rwx -- {} + \\)",
          "find . -xdev \\( ! -uid 0 -o ! -gid 0 \\) \\( -type f ! -perm -u=r -exec chmod u+r -- {} + \\)",
          "find . -xdev \\( ! -uid 0 -o ! -gid 0 \\) -exec chown -h 0:0 -- {} +",
          "");

  private OwnerReset() {}

  /**
   * Resets the tree under {@code root} and returns what it recorded, by name relative to the root.
   *
   * @param record a file of the step's own work directory, outside the root
   */
  static Map<String, Owned> reset(Path root, SubordinateIds ids, Path record) throws PaasException {
    List<String> command = new ArrayList<>(List.of("unshare"));
    command.addAll(ids.unshareArguments());
    command.addAll(
        List.of(
            "--", "/bin/sh", "-c", SCRIPT, "paas-owner-reset", root.toString(), record.toString()));
    try {
      Files.createDirectories(record.getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readNBytes(64 * 1024);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new PaasException(
            "Giving the build's user back the files of a rootless step in "
                + root
                + " took more than "
                + TIMEOUT_SECONDS
                + " s");
      }
      if (process.exitValue() != 0) {
        throw new PaasException(
            "Cannot give the build's user back the files a rootless step left to its "
                + "subordinate ids in "
                + root
                + " (unshare "
                + String.join(" ", ids.unshareArguments())
                + " exited "
                + process.exitValue()
                + ": "
                + new String(output, StandardCharsets.UTF_8).strip()
                + "). Check "
                + "/etc/subuid and /etc/subgid and that newuidmap and newgidmap (package uidmap) are setuid root");
      }
      return parse(Files.readAllBytes(record));
    } catch (IOException e) {
      throw new PaasException(
          "Cannot run unshare to give the build's user back the files of a rootless step in "
              + root
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaasException(
          "Interrupted while giving back the files of a rootless step in " + root, e);
    }
  }

  // "uid gid mode name\0" per entry; the root itself ("") is not an entry of a layer.
  static Map<String, Owned> parse(byte[] bytes) {
    Map<String, Owned> owned = new HashMap<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        continue;
      }
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
      start = i + 1;
      String[] fields = line.split(" ", 4);
      if (fields.length == 4 && !fields[3].isEmpty()) {
        owned.put(
            fields[3],
            new Owned(
                Integer.parseInt(fields[0]),
                Integer.parseInt(fields[1]),
                Integer.parseInt(fields[2], 8) & 07777));
      }
    }
    return owned;
  }
}
