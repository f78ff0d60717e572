package dev.paas.core.run;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Linux system calls {@link RootFs} makes, bound directly (JNA direct mapping) to the C
 * library. Only x86_64 and aarch64: the constants and system call numbers below are theirs. Each
 * call returns -1 on failure and leaves its {@code errno} to {@link Native#getLastError()}. Paths
 * are NUL-terminated byte arrays ({@link #path}), so no name is re-encoded on the way.
 */
final class Libc {
  private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

  static final int O_RDONLY = 0;
  static final int O_WRONLY = 01;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_NOCTTY = 0400;
  static final int O_NONBLOCK = 04000;
  static final int O_DIRECTORY = AARCH64 ? 040000 : 0200000;
  static final int O_NOFOLLOW = AARCH64 ? 0100000 : 0400000;
  static final int O_CLOEXEC = 02000000;
  static final int O_PATH = 010000000;

  static final int F_DUPFD_CLOEXEC = 1030;

  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_REMOVEDIR = 0x200;
  static final int AT_EMPTY_PATH = 0x1000;

  static final long RESOLVE_NO_XDEV = 0x01;
  static final long RESOLVE_NO_MAGICLINKS = 0x02;
  static final long RESOLVE_IN_ROOT = 0x10;

  static final long UTIME_OMIT = (1L << 30) - 2;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EEXIST = 17;
  static final int EXDEV = 18;
  static final int ENOTDIR = 20;
  static final int EINVAL = 22;
  static final int ENAMETOOLONG = 36;
  static final int ENOSYS = 38;
  static final int ELOOP = 40;

  static final int S_IFMT = 0170000;
  static final int S_IFDIR = 0040000;
  static final int S_IFREG = 0100000;
  static final int S_IFLNK = 0120000;

  // Both architectures use the generic numbers for the newer calls; the older differ.
  static final long SYS_OPENAT2 = 437;
  static final long SYS_STATX = AARCH64 ? 291 : 332;
  static final long SYS_GETDENTS64 = AARCH64 ? 61 : 217;

  static final int STATX_BASIC_STATS = 0x7ff;
  static final int STATX_SIZE = 256;
  static final int OPEN_HOW_SIZE = 24;

  private Libc() {}

  /** {@code name} as a C string, UTF-8 (as the layers' names are read). */
  static byte[] path(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(utf8, utf8.length + 1);
  }

  /** The {@code errno} of the last call of this thread. */
  static int errno() {
    return Native.getLastError();
  }

  static {
    Native.register(Libc.class, Platform.C_LIBRARY_NAME);
  }

  // syscall(2) is assembly on both architectures: it moves its arguments into registers as they
  // are, so declaring it with fixed (64-bit) arguments is exact.

  /** openat2(dirfd, path, how, size). */
  static native long syscall(long number, long dirfd, byte[] path, Pointer how, long size);

  /** statx(dirfd, path, flags, mask, buffer). */
  static native long syscall(
      long number, long dirfd, byte[] path, long flags, long mask, Pointer buffer);

  /** getdents64(fd, buffer, size). */
  static native long syscall(long number, long fd, Pointer buffer, long size);

  static native int openat(int dirfd, byte[] path, int flags, int mode);

  static native int mkdirat(int dirfd, byte[] path, int mode);

  static native int symlinkat(byte[] target, int dirfd, byte[] path);

  static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

  static native int unlinkat(int dirfd, byte[] path, int flags);

  static native int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

  static native int fchownat(int dirfd, byte[] path, int uid, int gid, int flags);

  static native int fchown(int fd, int uid, int gid);

  static native int fchmod(int fd, int mode);

  static native int chmod(byte[] path, int mode);

  static native int futimens(int fd, Pointer times);

  static native int utimensat(int dirfd, byte[] path, Pointer times, int flags);

  static native long readlinkat(int dirfd, byte[] path, Pointer buffer, long size);

  static native long read(int fd, Pointer buffer, long count);

  static native long write(int fd, Pointer buffer, long count);

  static native int close(int fd);

  static native int fcntl(int fd, int command, int argument);

  static native String strerror(int errno);
}
