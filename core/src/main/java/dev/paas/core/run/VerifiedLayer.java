package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A layer's stream with its bytes digested as they are read: the stored bytes (compressed or not)
 * and the tar inside. {@link #verify} reads what the tar reader left and compares both digests with
 * the ones the image names, so a layer altered after they were recorded stops the build. It is
 * applied while it is read, but the result is used only when it matches.
 */
final class VerifiedLayer implements Closeable {
  /**
   * What the image says the layer is: its diff_id and, where known, its stored digest; null or
   * empty for what is not to be checked.
   */
  record Expected(String diffId, String digest) {
    static final Expected UNCHECKED = new Expected(null, null);
  }

  private final InputStream stored;
  private final InputStream tar;
  private final MessageDigest storedDigest;
  private final MessageDigest tarDigest;
  private final Expected expected;

  VerifiedLayer(InputStream in, Expected expected, String layerName)
      throws IOException, PaasException {
    this.expected = expected;
    this.storedDigest = digest(expected.digest(), layerName);
    this.tarDigest = digest(expected.diffId(), layerName);
    this.stored = new BufferedInputStream(digesting(in, storedDigest), 64 * 1024);
    this.tar = digesting(LayerApplier.maybeGunzip(stored), tarDigest);
  }

  /** The tar's bytes, uncompressed. */
  InputStream tar() {
    return tar;
  }

  /**
   * Reads the rest of the stream (the tar's padding, what follows it) and compares the digests.
   *
   * @param maxTrailing the most bytes that may follow the tar's end
   */
  void verify(String layerName, long maxTrailing) throws IOException, PaasException {
    drain(tar, maxTrailing, layerName);
    drain(stored, maxTrailing, layerName);
    check(
        layerName,
        "unpacks to",
        tarDigest,
        expected.diffId(),
        "the diff_id its image's config names");
    check(
        layerName,
        "is stored as",
        storedDigest,
        expected.digest(),
        "the digest its manifest names");
  }

  private static void check(
      String layerName, String what, MessageDigest digest, String expected, String whose)
      throws PaasException {
    if (digest == null) {
      return;
    }
    String actual =
        expected.substring(0, expected.indexOf(':') + 1)
            + HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expected.toLowerCase(Locale.ROOT))) {
      throw new PaasException(
          "Layer "
              + layerName
              + " "
              + what
              + " "
              + actual
              + ", not "
              + expected
              + ", "
              + whose
              + ": the image is damaged or was altered after its digests were recorded; it is not "
              + "used. Pull or copy it again from a source you trust, or choose another base image");
    }
  }

  private static void drain(InputStream in, long max, String layerName)
      throws IOException, PaasException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
      if (total > max) {
        throw new PaasException(
            "Layer "
                + layerName
                + " goes on for more than "
                + max
                + " bytes after the end of its tar; refused as a damaged or hostile layer");
      }
    }
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  private static InputStream digesting(InputStream in, MessageDigest digest) {
    return digest == null ? in : new DigestInputStream(in, digest);
  }

  // null where the image names no digest (a docker archive names no stored digest).
  private static MessageDigest digest(String expected, String layerName) throws PaasException {
    if (expected == null || expected.isEmpty()) {
      return null;
    }
    String algorithm = expected.substring(0, Math.max(0, expected.indexOf(':')));
    try {
      return switch (algorithm) {
        case "sha256" -> MessageDigest.getInstance("SHA-256");
        case "sha512" -> MessageDigest.getInstance("SHA-512");
        default ->
            throw new PaasException(
                "Layer "
                    + layerName
                    + " is named by the digest '"
                    + RootFs.shown(expected)
                    + "', whose algorithm this plugin does not know (sha256, sha512)");
      };
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
