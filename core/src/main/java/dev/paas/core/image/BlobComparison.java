package dev.paas.core.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Compares the bytes of two file ranges of the same length. */
final class BlobComparison {
  private static final int CHUNK = 1 << 20;

  private BlobComparison() {}

  /** Whether {@code a} and {@code b} hold the same bytes; a range past its file's end does not. */
  static boolean equal(ProvenBlobs.Range a, ProvenBlobs.Range b) throws IOException {
    if (a.length() != b.length()) {
      return false;
    }
    try (FileChannel x = FileChannel.open(a.file(), StandardOpenOption.READ);
        FileChannel y =
            FileChannel.open(b.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer bx = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, a.length())));
      ByteBuffer by = ByteBuffer.allocate(bx.capacity());
      for (long done = 0; done < a.length(); ) {
        int n = (int) Math.min(bx.capacity(), a.length() - done);
        readFully(x, bx, a.offset() + done, n);
        readFully(y, by, b.offset() + done, n);
        if (!Arrays.equals(bx.array(), 0, n, by.array(), 0, n)) {
          return false;
        }
        done += n;
      }
      return true;
    } catch (EOFException e) {
      return false;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, int n)
      throws IOException {
    buffer.clear().limit(n);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException();
      }
    }
  }
}
