package dev.paas.core.run;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A regular file just created in a {@link RootFs}, written through its descriptor; its owner, mode
 * and time are set through the same descriptor, so they reach this file and no other.
 */
final class NewFile extends OutputStream {
  private final int fd;
  private final Memory buffer;
  private final String name;
  private boolean closed;

  /** Takes over {@code fd}; {@code buffer} is the file system's, used only during each call. */
  NewFile(int fd, Memory buffer, String name) {
    this.fd = fd;
    this.buffer = buffer;
    this.name = name;
  }

  @Override
  public void write(int b) throws RootFs.Failure {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws RootFs.Failure {
    while (length > 0) {
      int chunk = (int) Math.min(length, buffer.size());
      buffer.write(0, bytes, offset, chunk);
      long done = 0;
      while (done < chunk) {
        long written = Libc.write(fd, buffer.share(done), chunk - done);
        if (written < 0) {
          int errno = Libc.errno();
          if (errno != Libc.EINTR) {
            throw new RootFs.Failure("write", name, errno);
          }
        } else {
          done += written;
        }
      }
      offset += chunk;
      length -= chunk;
    }
  }

  /**
   * Sets owner and group; before {@link #setMode}, as changing the owner clears setuid and setgid.
   */
  void setOwner(int uid, int gid) throws RootFs.Failure {
    check(Libc.fchown(fd, uid, gid), "change the owner of");
  }

  void setMode(int mode) throws RootFs.Failure {
    check(Libc.fchmod(fd, mode), "change the mode of");
  }

  void setModified(FileTime time) throws RootFs.Failure {
    check(Libc.futimens(fd, times(buffer, time)), "set the time of");
  }

  /**
   * {@code struct timespec[2]} in {@code buffer}: the access time left alone, the modification time
   * set.
   */
  static Pointer times(Memory buffer, FileTime time) {
    Instant instant = time.toInstant();
    buffer.setLong(0, 0);
    buffer.setLong(8, Libc.UTIME_OMIT);
    buffer.setLong(16, instant.getEpochSecond());
    buffer.setLong(24, instant.getNano());
    return buffer;
  }

  private void check(int result, String operation) throws RootFs.Failure {
    if (result < 0) {
      throw new RootFs.Failure(operation, name, Libc.errno());
    }
  }

  @Override
  public void close() throws RootFs.Failure {
    if (!closed) {
      closed = true;
      check(Libc.close(fd), "write");
    }
  }
}
