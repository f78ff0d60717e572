package dev.paas.core.run;

import com.sun.jna.Memory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * One name in a {@link RootFs}: a handle on its parent directory, resolved inside the root, and its
 * last component, which every operation here acts on relative to that handle and never follows.
 * Holds the parent's file descriptor until closed.
 */
final class RootEntry implements AutoCloseable {
  private final RootFs fs;
  private final int parentFd;
  private final String parent;
  private final byte[] last;
  private final String name;
  private boolean closed;

  /** Takes over {@code parentFd}. */
  RootEntry(RootFs fs, int parentFd, String parent, String last, String name) {
    this.fs = fs;
    this.parentFd = parentFd;
    this.parent = parent;
    this.last = Libc.path(last);
    this.name = name;
  }

  /** The name this entry was asked for, relative to the root. */
  String name() {
    return name;
  }

  /** What is there now, never following a link; empty when nothing is. */
  Optional<FileStat> lstat() throws RootFs.Failure {
    return Optional.ofNullable(
        FileStat.at(parentFd, last, fs.stat, "read the attributes of", name));
  }

  void mkdir(int mode) throws RootFs.Failure {
    check(Libc.mkdirat(parentFd, last, mode), "create the directory");
  }

  /**
   * Creates a new regular file ({@code O_CREAT | O_EXCL | O_NOFOLLOW}: fails with {@code EEXIST}
   * where anything, a link too, is there), mode 0600 until {@link NewFile#setMode}.
   */
  NewFile createFile() throws RootFs.Failure {
    int fd =
        Libc.openat(
            parentFd,
            last,
            Libc.O_WRONLY
                | Libc.O_CREAT
                | Libc.O_EXCL
                | Libc.O_NOFOLLOW
                | Libc.O_NOCTTY
                | Libc.O_CLOEXEC,
            0600);
    check(fd, "create the file");
    return new NewFile(fd, fs.buffer, name);
  }

  void symlink(String target) throws RootFs.Failure {
    if (target.indexOf('\0') >= 0) {
      throw new RootFs.Failure(
          "create the link", name, Libc.EINVAL, "its target has a NUL character");
    }
    check(Libc.symlinkat(Libc.path(target), parentFd, last), "create the link");
  }

  /**
   * Makes this name a hard link to {@code existing}, which must be a regular file (a link is not
   * followed).
   */
  void linkTo(RootEntry existing) throws RootFs.Failure {
    FileStat source =
        existing
            .lstat()
            .orElseThrow(() -> new RootFs.Failure("link to", existing.name, Libc.ENOENT));
    if (!source.isRegularFile()) {
      throw new RootFs.Failure("link to", existing.name, Libc.EPERM, "it is not a regular file");
    }
    check(Libc.linkat(existing.parentFd, existing.last, parentFd, last, 0), "create the hard link");
  }

  /** Deletes what is there, a directory with all it holds; never follows a link. */
  void delete() throws RootFs.Failure {
    new TreeRemoval().remove(parentFd, last, name);
  }

  void renameTo(RootEntry target) throws RootFs.Failure {
    check(Libc.renameat(parentFd, last, target.parentFd, target.last), "rename");
  }

  /** Sets owner and group of what is there, a link itself rather than its target. */
  void chown(int uid, int gid) throws RootFs.Failure {
    check(Libc.fchownat(parentFd, last, uid, gid, Libc.AT_SYMLINK_NOFOLLOW), "change the owner of");
  }

  /**
   * Sets the permission bits (with setuid, setgid and sticky) of a regular file or directory,
   * through a descriptor of it opened without following a link; refuses anything else.
   */
  void chmod(int mode) throws RootFs.Failure {
    String operation = "change the mode of";
    int pathFd = Libc.openat(parentFd, last, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
    check(pathFd, operation);
    try {
      FileStat before = FileStat.of(pathFd, fs.stat, operation, name);
      if (!before.isRegularFile() && !before.isDirectory()) {
        throw new RootFs.Failure(
            operation,
            name,
            before.isSymbolicLink() ? Libc.ELOOP : Libc.EPERM,
            "it is not a regular file or directory");
      }
      int fd =
          Libc.openat(
              parentFd,
              last,
              Libc.O_RDONLY
                  | Libc.O_NOFOLLOW
                  | Libc.O_NONBLOCK
                  | Libc.O_NOCTTY
                  | Libc.O_CLOEXEC
                  | (before.isDirectory() ? Libc.O_DIRECTORY : 0),
              0);
      if (fd < 0 && Libc.errno() == Libc.EACCES) {
        // Not readable by this (unprivileged) user: through the descriptor already checked.
        TreeRemoval.chmodThroughProc(pathFd, mode, operation, name);
        return;
      }
      check(fd, operation);
      try {
        if (!FileStat.of(fd, fs.stat, operation, name).sameFile(before)) {
          throw new RootFs.Failure(operation, name, Libc.EAGAIN, "it was replaced meanwhile");
        }
        check(Libc.fchmod(fd, mode), operation);
      } finally {
        Libc.close(fd);
      }
    } finally {
      Libc.close(pathFd);
    }
  }

  /** Sets the modification time of what is there, a link itself rather than its target. */
  void setModified(FileTime time) throws RootFs.Failure {
    check(
        Libc.utimensat(parentFd, last, NewFile.times(fs.buffer, time), Libc.AT_SYMLINK_NOFOLLOW),
        "set the time of");
  }

  /** The target of the symbolic link that is there. */
  String readLink() throws RootFs.Failure {
    Memory buffer = fs.buffer;
    long length = Libc.readlinkat(parentFd, last, buffer, buffer.size());
    check(length < 0 ? -1 : 0, "read the link");
    return new String(buffer.getByteArray(0, (int) length), StandardCharsets.UTF_8);
  }

  /** Opens the regular file that is there for reading; refuses a link, a device, anything else. */
  InputStream openRegular() throws RootFs.Failure {
    String operation = "read";
    FileStat before = lstat().orElseThrow(() -> new RootFs.Failure(operation, name, Libc.ENOENT));
    if (!before.isRegularFile()) {
      throw new RootFs.Failure(
          operation,
          name,
          before.isSymbolicLink() ? Libc.ELOOP : Libc.EPERM,
          "it is not a regular file");
    }
    int fd =
        Libc.openat(
            parentFd,
            last,
            Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY | Libc.O_CLOEXEC,
            0);
    check(fd, operation);
    try {
      if (!FileStat.of(fd, fs.stat, operation, name).sameFile(before)) {
        throw new RootFs.Failure(operation, name, Libc.EAGAIN, "it was replaced meanwhile");
      }
    } catch (RootFs.Failure e) {
      Libc.close(fd);
      throw e;
    }
    return new FdInput(fd, name);
  }

  /**
   * The name of this entry with its parent directories' links resolved (where the kernel tells it),
   * relative to the root: where the file really is, as a walk of the tree names it.
   */
  String realName() {
    String real = fs.relativeName(parentFd);
    String own = new String(last, 0, last.length - 1, StandardCharsets.UTF_8);
    if (real == null) {
      real = parent;
    }
    return real.isEmpty() ? own : real + "/" + own;
  }

  /** An {@code O_PATH} handle on the directory that is there (not a link); the caller closes it. */
  int openDirectory() throws RootFs.Failure {
    int fd =
        Libc.openat(
            parentFd, last, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
    check(fd, "open the directory");
    return fd;
  }

  private void check(long result, String operation) throws RootFs.Failure {
    if (result < 0) {
      throw new RootFs.Failure(operation, name, Libc.errno());
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Libc.close(parentFd);
    }
  }
}
