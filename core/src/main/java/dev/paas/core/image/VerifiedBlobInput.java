package dev.paas.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A blob read within its declared size and hashed on the way: when its end is reached (or it is
 * closed, which reads what is left) it is proven to be the blob its digest names, or refused with a
 * {@link BlobMismatchException}. Whoever reads an image's layer through it reads each byte once.
 */
final class VerifiedBlobInput extends InputStream {
  private static final String ADVICE =
      ": the image is damaged or forged; build, pull or copy it again";

  private final InputStream in;
  private final MessageDigest sha = OciImage.newSha256();
  private final String expected;
  private final long size;
  private final String what;
  private final String namedBy;
  private long count;
  private String actual;
  private boolean failed;
  private ProvenBlobs.Watch watch;

  /**
   * @param expected the digest that names the bytes, or empty when nothing does (they are only
   *     bounded)
   * @param size the declared size, or -1 when none is declared
   * @param what the blob in messages, e.g. {@code layer 2 of 3 of oci-archive:app.tar}
   * @param namedBy who names the digest, e.g. {@code its manifest}
   */
  VerifiedBlobInput(InputStream in, String expected, long size, String what, String namedBy) {
    this.in = in;
    this.expected = expected;
    this.size = size;
    this.what = what;
    this.namedBy = namedBy;
  }

  /** Tells {@code watch} the digest once the whole blob is proven. */
  VerifiedBlobInput watchedBy(ProvenBlobs.Watch watch) {
    this.watch = watch;
    return this;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (actual != null) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    // One byte past the declared size is enough to know the blob is longer: never more.
    int want = size < 0 ? len : (int) Math.min(len, size - count + 1);
    int n;
    try {
      n = in.read(b, off, want);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
    if (n < 0) {
      finish();
      return -1;
    }
    count += n;
    if (size >= 0 && count > size) {
      failed = true;
      throw new BlobMismatchException(
          what + " is longer than the " + size + " bytes " + namedBy + " declares" + ADVICE);
    }
    sha.update(b, off, n);
    return n;
  }

  // Skipped bytes are part of the blob: they are read and hashed, never jumped over.
  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 1 << 16)];
    int read = buffer.length == 0 ? 0 : read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  /** Reads what is left and returns the digest of the whole blob, proven as described above. */
  String drain() throws IOException {
    byte[] buffer = new byte[1 << 16];
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashed by read
    }
    return actual;
  }

  /**
   * Proves the rest of the blob too, so that a reader that stops early (at a tar's end marker)
   * still learns that the blob was not the one named.
   */
  @Override
  public void close() throws IOException {
    try {
      if (actual == null && !failed) {
        drain();
      }
    } finally {
      in.close();
    }
  }

  private void finish() throws BlobMismatchException {
    String digest = OciImage.formatted(sha);
    if (size >= 0 && count != size) {
      failed = true;
      throw new BlobMismatchException(
          what
              + " is "
              + count
              + " bytes, not the "
              + size
              + " bytes "
              + namedBy
              + " declares"
              + ADVICE);
    }
    if (!expected.isEmpty() && !expected.equals(digest)) {
      failed = true;
      throw new BlobMismatchException(
          what + " is " + digest + ", not " + expected + " as " + namedBy + " names it" + ADVICE);
    }
    actual = digest;
    if (watch != null) {
      watch.proven(digest);
    }
  }
}
