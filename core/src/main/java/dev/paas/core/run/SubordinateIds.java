package dev.paas.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The subordinate user and group ids {@code /etc/subuid} and {@code /etc/subgid} give the build's
 * user (as {@code useradd} and {@code usermod --add-subuids} write them), which a rootless step's
 * namespace maps after its root: image id {@code i} (1 ≤ i ≤ {@link #size}) is host id {@code
 * uidStart + i - 1}. The setuid helpers {@code newuidmap} and {@code newgidmap} (package {@code
 * uidmap}) write such a mapping for an unprivileged user; without them, or without a range, a
 * rootless step has its root alone.
 */
record SubordinateIds(int uidStart, int gidStart, int size) {
  /** A step's ids beyond root: the image's 0–65535, as with root. */
  static final int MAX_SIZE = 65535;

  static final List<String> HELPERS = List.of("/usr/bin/newuidmap", "/usr/bin/newgidmap");

  /**
   * The first ranges of {@code user} (by name or number) in this host's files, where helpers exist.
   */
  static Optional<SubordinateIds> of(String user, int uid, String group, int gid) {
    if (!HELPERS.stream().allMatch(p -> Files.isExecutable(Path.of(p)))) {
      return Optional.empty();
    }
    return of(Path.of("/etc/subuid"), Path.of("/etc/subgid"), user, uid, group, gid);
  }

  static Optional<SubordinateIds> of(
      Path subuid, Path subgid, String user, int uid, String group, int gid) {
    Optional<long[]> uids = firstRange(subuid, user, uid);
    Optional<long[]> gids = firstRange(subgid, group, gid).or(() -> firstRange(subgid, user, uid));
    if (uids.isEmpty() || gids.isEmpty()) {
      return Optional.empty();
    }
    long size = Math.min(MAX_SIZE, Math.min(uids.get()[1], gids.get()[1]));
    return Optional.of(new SubordinateIds((int) uids.get()[0], (int) gids.get()[0], (int) size));
  }

  // "name:start:count" lines; the first whose name is the user's name or number, with a range
  // that fits the host's 32-bit ids and does not hold the user itself.
  private static Optional<long[]> firstRange(Path file, String name, int id) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (String line : lines) {
      String[] fields = line.strip().split(":");
      if (fields.length != 3
          || !(fields[0].equals(name) || fields[0].equals(Integer.toString(id)))) {
        continue;
      }
      try {
        long start = Long.parseLong(fields[1]);
        long count = Long.parseLong(fields[2]);
        if (start > 0
            && count > 0
            && start + count <= 0xFFFFFFFFL
            && (id < start || id >= start + count)) {
          return Optional.of(new long[] {start, count});
        }
      } catch (NumberFormatException e) {
        // Not a range: the next line may be.
      }
    }
    return Optional.empty();
  }

  /** The arguments of {@code unshare} that make the same namespace as a step's, root included. */
  List<String> unshareArguments() {
    return List.of(
        "--user",
        "--map-user=0",
        "--map-group=0",
        "--map-users=" + uidStart + ",1," + size,
        "--map-groups=" + gidStart + ",1," + size);
  }
}
