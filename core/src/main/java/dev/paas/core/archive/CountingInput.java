package dev.paas.core.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the compressed bytes an archive reader consumes, for the compression-ratio check. */
public final class CountingInput extends FilterInputStream {
  private long count;

  public CountingInput(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    count += skipped;
    return skipped;
  }

  public long count() {
    return count;
  }

  @Override
  public void close() {
    // closing the archive reader must not close what lies under it
  }
}
