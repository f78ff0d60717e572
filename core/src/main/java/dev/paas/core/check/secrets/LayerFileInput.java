package dev.paas.core.check.secrets;

import java.io.IOException;
import java.io.InputStream;

/**
 * A layer file's content as the scanner reads it: never past the file's size, never closed (the
 * layer's tar stream goes on), and with its failures marked as the caller's.
 */
final class LayerFileInput extends InputStream {
  private final InputStream content;
  private long remaining;

  LayerFileInput(InputStream content, long size) {
    this.content = content;
    this.remaining = size;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    try {
      int n = content.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    } catch (IOException e) {
      throw new SourceFailure(this, e);
    }
  }

  @Override
  public void close() {
    // the tar stream belongs to the caller
  }
}
