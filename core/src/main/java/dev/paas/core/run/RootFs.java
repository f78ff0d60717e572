package dev.paas.core.run;

import com.sun.jna.Memory;
import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A root file system that is changed only through a handle on its directory: every name is resolved
 * by the kernel ({@code openat2(2)} with {@code RESOLVE_IN_ROOT}, {@code RESOLVE_NO_MAGICLINKS} and
 * {@code RESOLVE_NO_XDEV}) as if the root were {@code /} — a symbolic link is followed inside it,
 * {@code ..} stops at it, {@code /proc}'s magic links and mount points are refused — and the last
 * component of a name is acted on relative to its parent's handle, never followed ({@link
 * RootEntry}). Whatever links the tree holds or gains, no operation reaches outside it: unlike a
 * path string, a handle cannot be redirected.
 *
 * <p>Not thread-safe: one thread uses one instance. Linux 5.6 or later, x86_64 or aarch64.
 */
final class RootFs implements AutoCloseable {
  /** What creating an entry does when its parent directories are missing. */
  enum MissingParents {
    /** The operation fails with {@code ENOENT} or {@code ENOTDIR}. */
    FAIL,
    /**
     * They are made, 0755, as a runtime applying a layer makes them: a link on the way is followed
     * (inside the root) and its missing target made; a file in the way is replaced.
     */
    CREATE
  }

  /** A failed system call or a refused operation: its errno and the name it was about. */
  static final class Failure extends IOException {
    private final int errno;
    private final String name;

    Failure(String operation, String name, int errno) {
      this(operation, name, errno, Libc.strerror(errno));
    }

    Failure(String operation, String name, int errno, String reason) {
      super("Cannot " + operation + " /" + shown(name) + ": " + reason + " (errno " + errno + ")");
      this.errno = errno;
      this.name = name;
    }

    int errno() {
      return errno;
    }

    /** The name (relative to the root) the operation was about. */
    String name() {
      return name;
    }
  }

  private static final long RESOLVE =
      Libc.RESOLVE_IN_ROOT | Libc.RESOLVE_NO_MAGICLINKS | Libc.RESOLVE_NO_XDEV;
  private static final int MAX_RETRIES = 100;

  private final Path root;
  private final int rootFd;
  private final MissingParents missingParents;
  private final String rootReal;
  private final Memory how = new Memory(Libc.OPEN_HOW_SIZE);
  final Memory stat = new Memory(Libc.STATX_SIZE);
  final Memory buffer = new Memory(64 * 1024);
  private boolean closed;

  private RootFs(Path root, int rootFd, MissingParents missingParents) {
    this.root = root;
    this.rootFd = rootFd;
    this.missingParents = missingParents;
    this.rootReal = procPath(rootFd);
  }

  /**
   * Opens a handle on {@code root} (a trusted path: the work directory).
   *
   * @throws PaasException on another platform, or a kernel without {@code openat2(2)}: there is no
   *     safe way to unpack there, and no unsafe one is tried
   */
  static RootFs open(Path root, MissingParents missingParents) throws PaasException {
    requireSupported();
    int fd =
        Libc.openat(
            Libc.AT_FDCWD,
            Libc.path(root.toAbsolutePath().toString()),
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC,
            0);
    if (fd < 0) {
      int errno = Libc.errno();
      throw new PaasException(
          "Cannot open the directory "
              + root
              + " to unpack the image into: "
              + Libc.strerror(errno)
              + " (errno "
              + errno
              + ")");
    }
    RootFs fs = new RootFs(root, fd, missingParents);
    try {
      Libc.close(fs.resolve(".", Libc.O_PATH | Libc.O_DIRECTORY, "", "open"));
    } catch (Failure e) {
      fs.close();
      if (e.errno() == Libc.ENOSYS || e.errno() == Libc.EPERM) {
        throw new PaasException(
            "This kernel (Linux "
                + System.getProperty("os.version")
                + ") does not "
                + "offer openat2(2) (Linux 5.6 and later do, unless a seccomp filter hides it): without it "
                + "the base image's layers cannot be unpacked so that no entry reaches outside the work "
                + "directory, and they are not unpacked any other way. Run the build on a host with Linux "
                + "5.6 or later",
            e);
      }
      throw new PaasException(
          "Cannot use the directory " + root + " to unpack the image into: " + e.getMessage(), e);
    }
    return fs;
  }

  static void requireSupported() throws PaasException {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (!os.toLowerCase(Locale.ROOT).equals("linux")
        || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
      throw new PaasException(
          "Unpacking a base image for a sandboxed step needs Linux on x86_64 or "
              + "aarch64; this is "
              + os
              + " on "
              + arch
              + ". Run the build on such a host, or use a base "
              + "image that already has what the step adds (a custom base image or a prebuilt option layer)");
    }
    try {
      Libc.errno();
    } catch (LinkageError e) {
      throw new PaasException(
          "Cannot load JNA's native library, which unpacking the base image needs ("
              + e.getMessage()
              + "). Where the temporary directory is mounted noexec, point -Djna.tmpdir "
              + "at a directory that is not",
          e);
    }
  }

  /** The directory this handle was opened on. */
  Path root() {
    return root;
  }

  /** The entry {@code name} names; its parent directory must exist. */
  RootEntry entry(String name) throws Failure {
    return entry(name, "resolve", false);
  }

  /**
   * The entry {@code name} names, to be created: missing parents as {@link MissingParents} says.
   */
  RootEntry newEntry(String name) throws Failure {
    return entry(name, "create", true);
  }

  private RootEntry entry(String name, String operation, boolean creating) throws Failure {
    List<String> parts = components(name, operation);
    String last = parts.isEmpty() ? "" : parts.remove(parts.size() - 1);
    if (last.isEmpty() || last.equals("..")) {
      throw new Failure(operation, name, Libc.EINVAL, "the name has no last component to act on");
    }
    String parent = String.join("/", parts);
    int parentFd;
    try {
      parentFd = resolve(parent, Libc.O_PATH | Libc.O_DIRECTORY, name, operation);
    } catch (Failure e) {
      if (!creating
          || missingParents != MissingParents.CREATE
          || (e.errno() != Libc.ENOENT && e.errno() != Libc.ENOTDIR)) {
        throw e;
      }
      parentFd = MissingDirectories.make(this, parent, name);
    }
    return new RootEntry(this, parentFd, parent, last, name);
  }

  /**
   * What {@code name} resolves to, following links inside the root (the last component too); empty
   * where nothing is.
   */
  Optional<FileStat> stat(String name) throws Failure {
    String operation = "read the attributes of";
    components(name, operation);
    int fd;
    try {
      fd = resolve(name, Libc.O_PATH, name, operation);
    } catch (Failure e) {
      if (e.errno() == Libc.ENOENT || e.errno() == Libc.ENOTDIR) {
        return Optional.empty();
      }
      throw e;
    }
    try {
      return Optional.of(FileStat.of(fd, stat, operation, name));
    } finally {
      Libc.close(fd);
    }
  }

  /** Makes the directory {@code name} and its missing parents, as {@link MissingParents#CREATE}. */
  void makeDirectories(String name) throws Failure {
    components(name, "create");
    Libc.close(MissingDirectories.make(this, name, name));
  }

  /**
   * Deletes what the directory {@code name} holds (following links to it inside the root), except
   * the children {@code keep} accepts. Nothing happens where there is no such directory.
   */
  void deleteChildren(String name, Predicate<String> keep) throws Failure {
    components(name, "empty");
    int fd;
    try {
      fd = resolve(name, Libc.O_RDONLY | Libc.O_DIRECTORY, name, "empty");
    } catch (Failure e) {
      if (e.errno() == Libc.ENOENT || e.errno() == Libc.ENOTDIR) {
        return;
      }
      throw e;
    }
    try {
      TreeRemoval removal = new TreeRemoval();
      for (byte[] child : removal.list(fd, name)) {
        String childName = new String(child, 0, child.length - 1, StandardCharsets.UTF_8);
        if (!keep.test(childName)) {
          removal.remove(fd, child, name.isEmpty() ? childName : name + "/" + childName);
        }
      }
    } finally {
      Libc.close(fd);
    }
  }

  /** Renames {@code from} to {@code to}, both inside the root, replacing what {@code to} names. */
  void rename(String from, String to) throws Failure {
    try (RootEntry source = entry(from, "rename", false);
        RootEntry target = entry(to, "rename", false)) {
      source.renameTo(target);
    }
  }

  /**
   * Resolves {@code path} inside the root and opens it with {@code flags}; the caller closes the
   * fd.
   */
  int resolve(String path, int flags, String name, String operation) throws Failure {
    byte[] bytes = Libc.path(path.isEmpty() ? "." : path);
    how.setLong(0, flags | Libc.O_CLOEXEC);
    how.setLong(8, 0);
    how.setLong(16, RESOLVE);
    for (int attempt = 0; ; attempt++) {
      long fd = Libc.syscall(Libc.SYS_OPENAT2, rootFd, bytes, how, Libc.OPEN_HOW_SIZE);
      if (fd >= 0) {
        return (int) fd;
      }
      int errno = Libc.errno();
      // EAGAIN: a rename or mount elsewhere on the host raced the kernel's check of '..'.
      if ((errno != Libc.EAGAIN && errno != Libc.EINTR) || attempt >= MAX_RETRIES) {
        throw new Failure(operation, name, errno);
      }
    }
  }

  // The components of a relative name, without empty ones and '.'; '..' is left to the kernel.
  static List<String> components(String name, String operation) throws Failure {
    if (name.indexOf('\0') >= 0) {
      throw new Failure(
          operation, name.replace('\0', '?'), Libc.EINVAL, "the name has a NUL character");
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }

  /**
   * Where a directory handle points, relative to the root ("" for the root), from {@code
   * /proc/self/fd}; null where that cannot be told.
   */
  String relativeName(int dirFd) {
    String path = procPath(dirFd);
    if (path == null || rootReal == null) {
      return null;
    }
    if (path.equals(rootReal)) {
      return "";
    }
    return path.startsWith(rootReal + "/") ? path.substring(rootReal.length() + 1) : null;
  }

  private String procPath(int fd) {
    long length =
        Libc.readlinkat(Libc.AT_FDCWD, Libc.path("/proc/self/fd/" + fd), buffer, buffer.size());
    if (length <= 0 || length >= buffer.size()) {
      return null;
    }
    return new String(buffer.getByteArray(0, (int) length), StandardCharsets.UTF_8);
  }

  static String shown(String name) {
    return name.length() > 300
        ? name.substring(0, 300) + "... (" + name.length() + " characters)"
        : name;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Libc.close(rootFd);
    }
  }
}
