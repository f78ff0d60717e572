package dev.paas.core.run;

import com.sun.jna.Memory;
import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Deletes a directory tree through directory handles, as {@code rm -rf} does, without ever
 * following a link: each directory is opened {@code O_NOFOLLOW} relative to its parent's handle,
 * emptied, and the walk goes back up through {@code ..}, checked to be the directory it came from.
 * One handle is open at a time, however deep the tree. A directory without write or search
 * permission is given them first, so that an unprivileged build can empty it too.
 */
final class TreeRemoval {
  private static final byte[] DOT_DOT = Libc.path("..");
  private static final int DIRECTORY_OWNER_ALL = 0700;

  private final Memory stat = new Memory(Libc.STATX_SIZE);
  private final Memory entries = new Memory(32 * 1024);

  private record Level(byte[] name, FileStat stat, Iterator<byte[]> children) {}

  /**
   * Deletes {@code path} and, if it is a directory, everything in it, never following a link (also
   * not {@code path} itself: a link is deleted, not its target). For trusted paths, such as a work
   * directory; nothing happens where there is nothing.
   */
  static void deleteTree(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null) {
      throw new IOException("Refusing to delete " + absolute);
    }
    try {
      RootFs.requireSupported();
    } catch (PaasException e) {
      throw new IOException(e.getMessage(), e);
    }
    int parentFd =
        Libc.openat(
            Libc.AT_FDCWD,
            Libc.path(parent.toString()),
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC,
            0);
    if (parentFd < 0) {
      int errno = Libc.errno();
      if (errno == Libc.ENOENT || errno == Libc.ENOTDIR) {
        return;
      }
      throw new RootFs.Failure("delete", absolute.toString().substring(1), errno);
    }
    try {
      new TreeRemoval()
          .remove(
              parentFd,
              Libc.path(absolute.getFileName().toString()),
              absolute.toString().substring(1));
    } finally {
      Libc.close(parentFd);
    }
  }

  /**
   * Deletes the entry {@code last} (a C string) of the directory {@code dirFd}, if there is one.
   */
  void remove(int dirFd, byte[] last, String name) throws RootFs.Failure {
    FileStat existing = FileStat.at(dirFd, last, stat, "delete", name);
    if (existing == null) {
      return;
    }
    if (existing.isDirectory()) {
      empty(dirFd, last, name);
      unlink(dirFd, last, Libc.AT_REMOVEDIR, name);
    } else {
      unlink(dirFd, last, 0, name);
    }
  }

  private void empty(int dirFd, byte[] top, String name) throws RootFs.Failure {
    Deque<Level> levels = new ArrayDeque<>();
    int fd = openDirectory(dirFd, top, name);
    try {
      levels.push(level(fd, top, name));
      while (true) {
        Level level = levels.peek();
        if (level.children().hasNext()) {
          byte[] child = level.children().next();
          FileStat existing = FileStat.at(fd, child, stat, "delete", name);
          if (existing == null) {
            continue;
          }
          if (!existing.isDirectory()) {
            unlink(fd, child, 0, name);
            continue;
          }
          int down = openDirectory(fd, child, name);
          Libc.close(fd);
          fd = down;
          levels.push(level(fd, child, name));
          continue;
        }
        levels.pop();
        if (levels.isEmpty()) {
          return;
        }
        int up =
            Libc.openat(
                fd,
                DOT_DOT,
                Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC,
                0);
        if (up < 0) {
          throw new RootFs.Failure("delete", name, Libc.errno());
        }
        Libc.close(fd);
        fd = up;
        if (!FileStat.of(fd, stat, "delete", name).sameFile(levels.peek().stat())) {
          throw new RootFs.Failure(
              "delete", name, Libc.EAGAIN, "the tree was moved while it was deleted");
        }
        unlink(fd, level.name(), Libc.AT_REMOVEDIR, name);
      }
    } finally {
      Libc.close(fd);
    }
  }

  private Level level(int fd, byte[] name, String where) throws RootFs.Failure {
    FileStat own = FileStat.of(fd, stat, "delete", where);
    if ((own.permissions() & DIRECTORY_OWNER_ALL) != DIRECTORY_OWNER_ALL
        && Libc.fchmod(fd, DIRECTORY_OWNER_ALL) < 0) {
      throw new RootFs.Failure("delete", where, Libc.errno());
    }
    return new Level(name, own, list(fd, where).iterator());
  }

  /**
   * The names in the directory open as {@code fd}, without {@code .} and {@code ..}, as C strings'
   * bytes without the NUL.
   */
  List<byte[]> list(int fd, String name) throws RootFs.Failure {
    List<byte[]> names = new ArrayList<>();
    while (true) {
      long size = Libc.syscall(Libc.SYS_GETDENTS64, fd, entries, entries.size());
      if (size < 0) {
        throw new RootFs.Failure("list", name, Libc.errno());
      }
      if (size == 0) {
        return names;
      }
      // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name (NUL-terminated).
      for (long at = 0; at < size; ) {
        int length = entries.getShort(at + 16) & 0xffff;
        byte[] child = entries.getByteArray(at + 19, length - 19);
        int end = 0;
        while (end < child.length && child[end] != 0) {
          end++;
        }
        boolean dot =
            (end == 1 && child[0] == '.') || (end == 2 && child[0] == '.' && child[1] == '.');
        if (!dot) {
          names.add(Arrays.copyOf(child, end + 1));
        }
        at += length;
      }
    }
  }

  // Opens a directory to empty it; one this user cannot read is made readable first.
  private int openDirectory(int dirFd, byte[] last, String name) throws RootFs.Failure {
    int flags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;
    int fd = Libc.openat(dirFd, last, flags, 0);
    if (fd < 0 && Libc.errno() == Libc.EACCES) {
      int pathFd =
          Libc.openat(
              dirFd, last, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
      if (pathFd < 0) {
        throw new RootFs.Failure("delete", name, Libc.errno());
      }
      try {
        chmodThroughProc(pathFd, DIRECTORY_OWNER_ALL, "delete", name);
      } finally {
        Libc.close(pathFd);
      }
      fd = Libc.openat(dirFd, last, flags, 0);
    }
    if (fd < 0) {
      throw new RootFs.Failure("delete", name, Libc.errno());
    }
    return fd;
  }

  /**
   * Changes the mode of what an {@code O_PATH} descriptor (of a file or directory, checked by the
   * caller, never a link) stands for, where it cannot be opened to {@code fchmod} it: through its
   * entry in {@code /proc/self/fd}, as the C library's {@code fchmodat} does.
   */
  static void chmodThroughProc(int pathFd, int mode, String operation, String name)
      throws RootFs.Failure {
    if (Libc.chmod(Libc.path("/proc/self/fd/" + pathFd), mode) < 0) {
      throw new RootFs.Failure(operation, name, Libc.errno());
    }
  }

  private static void unlink(int dirFd, byte[] last, int flags, String name) throws RootFs.Failure {
    if (Libc.unlinkat(dirFd, last, flags) < 0 && Libc.errno() != Libc.ENOENT) {
      throw new RootFs.Failure("delete", name, Libc.errno());
    }
  }
}
