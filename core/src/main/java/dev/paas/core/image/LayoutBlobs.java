package dev.paas.core.image;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * The blobs of one OCI layout, each read as the digest that names it: present as a plain file of
 * its declared size, and proven against its digest as it is read. Errors name the image, the blob's
 * role ({@code manifest}, {@code config}, {@code layer 2 of 3}) and its digest.
 */
final class LayoutBlobs implements AutoCloseable {
  private final LayoutStore store;
  private final String source;
  private final long maxJsonBytes;
  private final ProvenBlobs proven;

  LayoutBlobs(LayoutStore store, String source, long maxJsonBytes, ProvenBlobs proven) {
    this.store = store;
    this.source = source;
    this.maxJsonBytes = maxJsonBytes;
    this.proven = proven;
  }

  /** The error for a layout that is not a valid image, naming it. */
  static PaasException invalid(String source, String what) {
    return new PaasException(source + " is not a valid OCI image: " + what);
  }

  /**
   * Opens {@code blob}, read within its declared size and proven at its end (or when closed).
   *
   * @param namedBy who names its digest, for messages ({@code its manifest})
   */
  VerifiedBlobInput verified(OciImage.Descriptor blob, String role, String namedBy)
      throws IOException {
    String path = OciImage.blobPath(blob.digest());
    InputStream in;
    try {
      in = store.open(path);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          path,
          null,
          source
              + ": its "
              + role
              + " "
              + blob.digest()
              + " is missing: the layout has no "
              + path
              + "; copy the image again, whole");
    }
    return new VerifiedBlobInput(in, blob.digest(), blob.size(), role + " of " + source, namedBy);
  }

  /** {@link #verified}, for a layer: once proven whole, its digest is remembered. */
  VerifiedBlobInput verifiedLayer(OciImage.Descriptor blob, String role, String namedBy)
      throws IOException {
    Optional<ProvenBlobs.Range> range = store.range(OciImage.blobPath(blob.digest()));
    // Watched before it is opened: the file's identity is taken before its bytes are read.
    ProvenBlobs.Watch watch = range.map(proven::watch).orElse(null);
    VerifiedBlobInput in = verified(blob, role, namedBy);
    return watch == null ? in : in.watchedBy(watch);
  }

  /**
   * The digest of {@code blob}'s bytes, proven: remembered from an earlier proof of the same
   * unchanged file, else compared with the bytes of another file proven to have it, else read and
   * hashed whole (and remembered).
   */
  String prove(OciImage.Descriptor blob, String role, String namedBy) throws IOException {
    Optional<ProvenBlobs.Range> range = store.range(OciImage.blobPath(blob.digest()));
    if (range.isPresent()
        && range.get().length() == blob.size()
        && (proven.known(range.get()).filter(blob.digest()::equals).isPresent()
            || proven.provenCopy(range.get(), blob.digest()).isPresent())) {
      return blob.digest();
    }
    try (VerifiedBlobInput in = verifiedLayer(blob, role, namedBy)) {
      return in.drain();
    }
  }

  /**
   * Checks that {@code blob} is there, a plain file of its declared size: found when the image is
   * opened, not half-way through a check.
   */
  void present(OciImage.Descriptor blob, String role) throws PaasException, IOException {
    long size = size(blob, role);
    if (blob.size() >= 0 && size != blob.size()) {
      throw invalid(
          source,
          "its "
              + role
              + " "
              + blob.digest()
              + " is "
              + size
              + " bytes, not the "
              + blob.size()
              + " its manifest declares: the image is damaged or forged; build, pull or "
              + "copy it again");
    }
  }

  /**
   * A JSON blob (an index, a manifest, a config): a plain file within its declared size and the
   * limit every real one stays under, whose bytes have its digest.
   */
  byte[] readJson(OciImage.Descriptor blob, String role, String namedBy)
      throws PaasException, IOException {
    long size = size(blob, role);
    if (size > maxJsonBytes || blob.size() > maxJsonBytes) {
      throw invalid(
          source,
          "its "
              + role
              + " "
              + blob.digest()
              + " is larger than the "
              + (maxJsonBytes >> 20)
              + " MiB any real one stays under");
    }
    try (VerifiedBlobInput in = verified(blob, role, namedBy)) {
      return in.readAllBytes();
    } catch (BlobMismatchException e) {
      throw invalid(
          source,
          "its "
              + role
              + " blob "
              + blob.digest()
              + " does not match its digest ("
              + e.getMessage()
              + ")");
    }
  }

  private long size(OciImage.Descriptor blob, String role) throws PaasException, IOException {
    try {
      return store.size(OciImage.blobPath(blob.digest()));
    } catch (NoSuchFileException e) {
      throw invalid(
          source,
          "its "
              + role
              + " "
              + blob.digest()
              + " is missing: the layout has no "
              + OciImage.blobPath(blob.digest())
              + "; copy the image again, whole");
    }
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
