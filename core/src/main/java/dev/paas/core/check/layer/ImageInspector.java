package dev.paas.core.check.layer;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The facts of every layer of an image: from the cache where this machine has read the layer
 * before, else read (layers in parallel) and cached.
 */
public final class ImageInspector {
  private final LayerScanner scanner;
  private final LayerFactsCache cache;
  private final BuildLog log;

  public ImageInspector(LayerScanner scanner, LayerFactsCache cache, BuildLog log) {
    this.scanner = scanner;
    this.cache = cache;
    this.log = log;
  }

  /** The facts of each layer, lowest first. {@code where} names the image in messages. */
  public List<LayerFacts> inspect(ImageSource image, String where) throws PaasException, IOException {
    List<ImageSource.StoredLayer> stored = image.storedLayers();
    List<LayerFacts> facts = new ArrayList<>();
    List<Integer> toRead = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      Optional<LayerFacts> known = known(image, i, stored.get(i));
      facts.add(known.orElse(null));
      if (known.isEmpty()) {
        toRead.add(i);
      }
    }
    if (!toRead.isEmpty()) {
      log.info("Reading " + toRead.size() + " of " + stored.size() + " layers of " + where
          + " (the others were read before on this machine)");
    }
    int threads = Math.max(1, Math.min(toRead.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, "paas-check-layer");
      thread.setDaemon(true);
      return thread;
    });
    try {
      // Largest first, so two big layers do not end up one after the other.
      toRead.sort((a, b) -> Long.compare(stored.get(b).size(), stored.get(a).size()));
      List<Future<LayerFacts>> futures = new ArrayList<>();
      for (int index : toRead) {
        futures.add(pool.submit(() -> scanner.scan(image, index, where)));
      }
      for (int k = 0; k < toRead.size(); k++) {
        LayerFacts read = get(futures.get(k));
        cache.put(read);
        facts.set(toRead.get(k), read);
      }
    } finally {
      pool.shutdownNow();
    }
    return facts;
  }

  // A cached layer counts only when the stored bytes are ones proven to unpack to its diff_id:
  // a manifest's digest is checked by every registry a push goes through; a docker archive names
  // no digest, so its (uncompressed) bytes are digested here, which costs no decompression.
  private Optional<LayerFacts> known(ImageSource image, int index, ImageSource.StoredLayer stored)
      throws IOException {
    Optional<LayerFacts> cached = cache.get(stored.diffId());
    if (cached.isEmpty()) {
      return cached;
    }
    if (!stored.digest().isEmpty()) {
      return cached.filter(f -> f.storedDigests().contains(stored.digest()));
    }
    String digest = digest(image, index);
    return cached.filter(f -> f.storedDigests().contains(digest));
  }

  private static String digest(ImageSource image, int index) throws IOException {
    try (InputStream in = image.openStoredLayer(index)) {
      return OciImage.sha256(in);
    }
  }

  private static LayerFacts get(Future<LayerFacts> future) throws PaasException, IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaasException("Interrupted while reading the image's layers", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PaasException p) {
        throw p;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
