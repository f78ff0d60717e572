package dev.paas.core.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Makes a directory of a {@link RootFs} and its missing parents ({@link
 * RootFs.MissingParents#CREATE}), as a runtime applying a layer makes them: 0755; a link on the way
 * is followed inside the root and its missing target made; a file in the way is replaced.
 */
final class MissingDirectories {
  /** The most links followed for one name, as the kernel's limit (ELOOP). */
  private static final int MAX_LINKS = 40;

  private MissingDirectories() {}

  /**
   * An {@code O_PATH} handle on the directory {@code path} resolves to in {@code fs}, made where
   * missing. Where the kernel cannot resolve it, it is walked a component at a time from a handle
   * on the root, as the kernel would walk it: each component is opened relative to the last one and
   * never followed; a link is read and its target walked instead (from the root when absolute);
   * {@code ..} is resolved by openat2 inside the root. One handle is open at a time.
   *
   * @param name the name asked for, for errors
   */
  static int make(RootFs fs, String path, String name) throws RootFs.Failure {
    String operation = "create the parent directories of";
    try {
      return fs.resolve(path, Libc.O_PATH | Libc.O_DIRECTORY, name, operation);
    } catch (RootFs.Failure e) {
      if (e.errno() != Libc.ENOENT && e.errno() != Libc.ENOTDIR) {
        throw e;
      }
    }
    Deque<String> todo = new ArrayDeque<>(RootFs.components(path, operation));
    String walked = "";
    int links = 0;
    int cursor = fs.resolve("", Libc.O_PATH | Libc.O_DIRECTORY, name, operation);
    try {
      while (!todo.isEmpty()) {
        String part = todo.removeFirst();
        String next = walked.isEmpty() ? part : walked + "/" + part;
        if (part.equals("..")) {
          int up = fs.resolve(next, Libc.O_PATH | Libc.O_DIRECTORY, name, operation);
          Libc.close(cursor);
          cursor = up;
          walked = next;
          continue;
        }
        String linkTarget = null;
        try (RootEntry entry = new RootEntry(fs, dup(cursor, name), walked, part, name)) {
          FileStat existing = entry.lstat().orElse(null);
          if (existing != null && existing.isSymbolicLink()) {
            linkTarget = entry.readLink();
          } else {
            if (existing != null && !existing.isDirectory()) {
              entry.delete();
            }
            if (existing == null || !existing.isDirectory()) {
              entry.mkdir(0755);
            }
            int down = entry.openDirectory();
            Libc.close(cursor);
            cursor = down;
            walked = next;
          }
        }
        if (linkTarget != null) {
          // A link to what may not exist yet: its target is made (inside the root), as a runtime
          // does.
          if (++links > MAX_LINKS) {
            throw new RootFs.Failure(operation, name, Libc.ELOOP);
          }
          List<String> target = RootFs.components(linkTarget, operation);
          for (int i = target.size() - 1; i >= 0; i--) {
            todo.addFirst(target.get(i));
          }
          if (linkTarget.startsWith("/")) {
            int top = fs.resolve("", Libc.O_PATH | Libc.O_DIRECTORY, name, operation);
            Libc.close(cursor);
            cursor = top;
            walked = "";
          }
        }
      }
      int result = cursor;
      cursor = -1;
      return result;
    } finally {
      if (cursor >= 0) {
        Libc.close(cursor);
      }
    }
  }

  private static int dup(int fd, String name) throws RootFs.Failure {
    int copy = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 0);
    if (copy < 0) {
      throw new RootFs.Failure("create the parent directories of", name, Libc.errno());
    }
    return copy;
  }
}
