package dev.paas.core.run;

import com.sun.jna.Memory;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * What {@code statx(2)} tells of one file, link or directory, never following a link.
 *
 * @param mode the file type and permission bits ({@code st_mode})
 * @param device the file system it is on, as an identity (major and minor number)
 */
record FileStat(
    int mode,
    int uid,
    int gid,
    long size,
    long inode,
    long device,
    int links,
    FileTime modified,
    FileTime changed) {

  boolean isDirectory() {
    return (mode & Libc.S_IFMT) == Libc.S_IFDIR;
  }

  boolean isRegularFile() {
    return (mode & Libc.S_IFMT) == Libc.S_IFREG;
  }

  boolean isSymbolicLink() {
    return (mode & Libc.S_IFMT) == Libc.S_IFLNK;
  }

  /** The permission bits with setuid, setgid and sticky. */
  int permissions() {
    return mode & 07777;
  }

  /** Whether {@code other} is the same file (not a copy of its metadata). */
  boolean sameFile(FileStat other) {
    return inode == other.inode && device == other.device;
  }

  private static final byte[] EMPTY = {0};

  /** The entry {@code last} of the directory {@code dirFd}, or null when there is none. */
  static FileStat at(int dirFd, byte[] last, Memory buffer, String operation, String name)
      throws RootFs.Failure {
    long result =
        Libc.syscall(
            Libc.SYS_STATX, dirFd, last, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buffer);
    if (result < 0) {
      int errno = Libc.errno();
      if (errno == Libc.ENOENT) {
        return null;
      }
      throw new RootFs.Failure(operation, name, errno);
    }
    return read(buffer);
  }

  /** The file a descriptor (also an {@code O_PATH} one) stands for. */
  static FileStat of(int fd, Memory buffer, String operation, String name) throws RootFs.Failure {
    long result =
        Libc.syscall(
            Libc.SYS_STATX,
            fd,
            EMPTY,
            Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW,
            Libc.STATX_BASIC_STATS,
            buffer);
    if (result < 0) {
      throw new RootFs.Failure(operation, name, Libc.errno());
    }
    return read(buffer);
  }

  // struct statx is the same on every architecture.
  private static FileStat read(Memory b) {
    return new FileStat(
        b.getShort(28) & 0xffff,
        b.getInt(20),
        b.getInt(24),
        b.getLong(40),
        b.getLong(32),
        ((long) b.getInt(136) << 32) | (b.getInt(140) & 0xffffffffL),
        b.getInt(16),
        time(b, 112),
        time(b, 96));
  }

  private static FileTime time(Memory b, long offset) {
    return FileTime.from(
        Instant.ofEpochSecond(b.getLong(offset), b.getInt(offset + 8) & 0xffffffffL));
  }
}
