package dev.paas.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream whole, but never more than a limit: input we did not write cannot exhaust memory.
 */
public final class LimitedInput {
  private LimitedInput() {}

  /**
   * Reads {@code in} to its end and closes it.
   *
   * @param what names the input in the error when it is larger than {@code limit} bytes
   */
  public static byte[] readAll(InputStream in, long limit, String what) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      long total = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        total += n;
        if (total > limit) {
          throw new IOException(what + " is larger than " + limit + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }
}
