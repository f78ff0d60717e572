package dev.paas.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stream over a byte range of a file, on its own channel: several can be read at once (a tar
 * archive's entries, in parallel), which one shared channel cannot.
 */
public final class FileRange extends InputStream {
  private final FileChannel channel;
  private long position;
  private final long end;

  private FileRange(FileChannel channel, long offset, long length) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + length;
  }

  /** Opens {@code length} bytes of {@code file} from {@code offset}. */
  public static InputStream open(Path file, long offset, long length) throws IOException {
    return new FileRange(FileChannel.open(file, StandardOpenOption.READ), offset, length);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (position >= end) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
    if (n < 0) {
      throw new EOFException("the file ends before its range does");
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - position);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
