package dev.paas.core.check.layer;

import dev.paas.core.PaasException;
import dev.paas.core.PrintableText;
import dev.paas.core.image.BlobMismatchException;
import dev.paas.core.image.OciImage;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams a stored layer (gzip or plain tar) once, entry by entry, as data: nothing is written to
 * disk, no name is trusted, and the stored and uncompressed bytes are digested on the way so the
 * caller can prove the layer is the one the image names.
 */
public final class LayerReader {
  /** Receives each entry; {@code content} is the entry's bytes, valid until it returns. */
  public interface Visitor {
    void entry(LayerEntry entry, InputStream content) throws IOException;
  }

  /** The digests of what was read. */
  public record Digests(String stored, String uncompressed) {}

  /** Limits that keep a hostile layer's cost bounded. */
  public record Limits(long maxEntries, long maxUncompressedBytes) {
    /** Two million entries and 64 GiB: far above any real layer. */
    public static final Limits DEFAULT = new Limits(2_000_000, 64L << 30);
  }

  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private final Limits limits;

  public LayerReader(Limits limits) {
    this.limits = limits;
  }

  /**
   * Reads the layer. {@code where} names it in errors, e.g. {@code layer 3 (sha256:…) of IMAGE}. A
   * malformed, truncated or over-limit layer is a PaasException saying so; the stream is closed.
   */
  public Digests read(InputStream stored, String where, Visitor visitor)
      throws PaasException, IOException {
    return read(stored, "", where, visitor);
  }

  /**
   * Reads the layer, as {@link #read(InputStream, String, Visitor)}, from a stream whose source
   * proves its bytes have {@code provenDigest} (an image's verifying stream, a registry's checked
   * blob): they are not hashed a second time, and that digest is returned as the stored one. Empty
   * when nothing proves them.
   */
  public Digests read(InputStream stored, String provenDigest, String where, Visitor visitor)
      throws PaasException, IOException {
    MessageDigest storedDigest = OciImage.newSha256();
    MessageDigest tarDigest = OciImage.newSha256();
    InputStream source =
        provenDigest.isEmpty() ? new DigestInputStream(stored, storedDigest) : stored;
    try (InputStream raw = new BufferedInputStream(source, 1 << 16)) {
      raw.mark(4);
      byte[] magic = raw.readNBytes(4);
      raw.reset();
      InputStream tar;
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        try {
          tar = new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
          throw damaged(where, e);
        }
      } else if (magic.length == 4
          && (magic[0] & 0xff) == 0x28
          && (magic[1] & 0xff) == 0xb5
          && (magic[2] & 0xff) == 0x2f
          && (magic[3] & 0xff) == 0xfd) {
        throw new PaasException(
            where
                + " is zstd-compressed, which this plugin cannot read yet: "
                + "store the image with gzip layers (skopeo copy --dest-compress-format gzip)");
      } else {
        tar = raw;
      }
      CountingInput counted =
          new CountingInput(tar, tarDigest, limits.maxUncompressedBytes(), where);
      long entries = 0;
      try (TarArchiveInputStream in = new TarArchiveInputStream(counted, true)) {
        for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
          if (++entries > limits.maxEntries()) {
            throw new PaasException(
                where
                    + " has more than "
                    + limits.maxEntries()
                    + " entries: "
                    + "the check stops there; such a layer is not a real image's");
          }
          visitor.entry(describe(entry), in);
        }
        // The rest of the stream (tar padding, gzip trailer) is part of both digests.
        in.transferTo(OutputStream.nullOutputStream());
        counted.transferTo(OutputStream.nullOutputStream());
        raw.transferTo(OutputStream.nullOutputStream());
      } catch (LimitExceeded e) {
        throw new PaasException(e.getMessage());
      } catch (BlobMismatchException e) {
        throw new PaasException(e.getMessage(), e);
      } catch (IOException e) {
        if (e.getCause() instanceof BlobMismatchException mismatch) {
          throw new PaasException(mismatch.getMessage(), mismatch);
        }
        if (e.getCause() instanceof LimitExceeded limit) {
          throw new PaasException(limit.getMessage());
        }
        throw damaged(where, e);
      }
      return new Digests(
          provenDigest.isEmpty() ? OciImage.formatted(storedDigest) : provenDigest,
          OciImage.formatted(tarDigest));
    }
  }

  private static PaasException damaged(String where, IOException e) {
    return new PaasException(
        where
            + " is malformed or truncated ("
            + PrintableText.of(e.getMessage())
            + "): the image is damaged; build, pull or copy it again",
        e);
  }

  private static LayerEntry describe(TarArchiveEntry entry) {
    LayerPaths.Normalised name = LayerPaths.normalise(entry.getName());
    String path = name.path();
    String base = path.substring(path.lastIndexOf('/') + 1);
    String parent = path.substring(0, path.lastIndexOf('/'));
    LayerEntry.Type type;
    if (base.equals(OPAQUE)) {
      type = LayerEntry.Type.OPAQUE;
      path = parent.isEmpty() ? "/" : parent;
    } else if (base.startsWith(WHITEOUT)) {
      type = LayerEntry.Type.WHITEOUT;
      path = parent + "/" + base.substring(WHITEOUT.length());
    } else if (entry.isDirectory()) {
      type = LayerEntry.Type.DIRECTORY;
    } else if (entry.isSymbolicLink()) {
      type = LayerEntry.Type.SYMLINK;
    } else if (entry.isLink()) {
      type = LayerEntry.Type.HARDLINK;
    } else if (entry.isCharacterDevice()) {
      type = LayerEntry.Type.CHAR_DEVICE;
    } else if (entry.isBlockDevice()) {
      type = LayerEntry.Type.BLOCK_DEVICE;
    } else if (entry.isFIFO()) {
      type = LayerEntry.Type.FIFO;
    } else {
      type = LayerEntry.Type.FILE;
    }
    String link =
        switch (type) {
          case SYMLINK -> entry.getLinkName();
          // a target that climbs out of the root is kept as written, for base-tamper to report
          case HARDLINK -> {
            LayerPaths.Normalised target = LayerPaths.normalise(entry.getLinkName());
            yield target.escapes() ? entry.getLinkName() : target.path();
          }
          default -> "";
        };
    return new LayerEntry(
        path,
        type,
        entry.getMode() & 07777,
        entry.getLongUserId(),
        entry.getLongGroupId(),
        type == LayerEntry.Type.FILE ? entry.getSize() : 0,
        link,
        name.escapes());
  }

  /** An uncompressed stream over its limit: an endless or bomb-like layer. */
  private static final class LimitExceeded extends IOException {
    LimitExceeded(String message) {
      super(message);
    }
  }

  /**
   * Counts and digests the uncompressed bytes. It reads into a buffer of its own and digests that:
   * the tar reader skips entries by reading into a buffer shared by every thread (commons-io's),
   * which other layers read in parallel overwrite.
   */
  private static final class CountingInput extends FilterInputStream {
    private final MessageDigest digest;
    private final long max;
    private final String where;
    private final byte[] own = new byte[1 << 16];
    private long count;

    CountingInput(InputStream in, MessageDigest digest, long max, String where) {
      super(in);
      this.digest = digest;
      this.max = max;
      this.where = where;
    }

    @Override
    public int read() throws IOException {
      int n = read(own, 0, 1);
      return n < 0 ? -1 : own[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(own, 0, Math.min(len, own.length));
      if (n > 0) {
        digest.update(own, 0, n);
        add(n);
        System.arraycopy(own, 0, b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      int read = read(own, 0, (int) Math.min(n, own.length));
      return Math.max(read, 0);
    }

    private void add(long n) throws LimitExceeded {
      count += n;
      if (count > max) {
        throw new LimitExceeded(
            where
                + " unpacks to more than "
                + (max >= 1L << 30 ? (max >> 30) + " GiB" : (max >> 20) + " MiB")
                + ": the check "
                + "stops there (an endless or bomb-like layer)");
      }
    }
  }
}
