package dev.paas.core.run;

import com.sun.jna.Memory;
import java.io.InputStream;

/** A regular file of a {@link RootFs} opened for reading, read through its descriptor. */
final class FdInput extends InputStream {
  private final int fd;
  private final String name;
  private final Memory buffer = new Memory(64 * 1024);
  private boolean closed;

  /** Takes over {@code fd}. */
  FdInput(int fd, String name) {
    this.fd = fd;
    this.name = name;
  }

  @Override
  public int read() throws RootFs.Failure {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws RootFs.Failure {
    if (length == 0) {
      return 0;
    }
    while (true) {
      long read = Libc.read(fd, buffer, Math.min(length, buffer.size()));
      if (read < 0) {
        int errno = Libc.errno();
        if (errno == Libc.EINTR) {
          continue;
        }
        throw new RootFs.Failure("read", name, errno);
      }
      if (read == 0) {
        return -1;
      }
      buffer.read(0, bytes, offset, (int) read);
      return (int) read;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Libc.close(fd);
      buffer.close();
    }
  }
}
