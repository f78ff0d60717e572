package dev.paas.core.check.layer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Layer facts kept on this machine by diff_id and the examination's version, so the official
 * base every app shares is read once per machine.
 */
public final class LayerFactsCache {
  /**
   * The version of what a layer's facts hold and how secrets are found: a change to the layer
   * reader or the secret scanner bumps it, and every layer is read again.
   */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;

  /** A cache under {@code root} (e.g. {@code ~/.m2/.../paas/check}). */
  public LayerFactsCache(Path root) {
    this.directory = root.resolve("v" + VERSION);
  }

  /** The facts of a layer read before, if any; a damaged entry counts as none. */
  public Optional<LayerFacts> get(String diffId) {
    Path file = file(diffId);
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      LayerFacts facts = JSON.readValue(in, LayerFacts.class);
      return diffId.equals(facts.diffId()) ? Optional.of(facts) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Keeps a layer's facts; a cache that cannot be written only costs speed. */
  public void put(LayerFacts facts) {
    Path file = file(facts.diffId());
    if (file == null) {
      return;
    }
    try {
      AtomicFile.write(file, out -> {
        GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
        JSON.writeValue(new NonClosing(gzip), facts);
        gzip.finish();
      });
    } catch (IOException e) {
      // The next check reads the layer again.
    }
  }

  private Path file(String diffId) {
    return diffId.matches("sha256:[0-9a-f]{64}") ? directory.resolve(diffId.substring(7) + ".json.gz") : null;
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
