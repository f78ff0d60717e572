package dev.paas.core.image;

import java.io.IOException;

/**
 * A blob whose bytes are not those its digest or declared size names: the image is damaged or
 * forged. Its message names the image, the blob's role and both digests, and says what to do.
 */
public final class BlobMismatchException extends IOException {
  public BlobMismatchException(String message) {
    super(message);
  }
}
