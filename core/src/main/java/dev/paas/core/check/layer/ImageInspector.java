package dev.paas.core.check.layer;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.BlobMismatchException;
import dev.paas.core.image.ImageSource;
import java.io.IOException;
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
  public List<LayerFacts> inspect(ImageSource image, String where)
      throws PaasException, IOException {
    List<ImageSource.StoredLayer> stored = image.storedLayers();
    int threads = Math.max(1, Math.min(stored.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread thread = new Thread(r, "paas-check-layer");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Optional<LayerFacts>>> cached = new ArrayList<>();
      for (int i = 0; i < stored.size(); i++) {
        int index = i;
        cached.add(pool.submit(() -> known(image, index, stored.get(index))));
      }
      List<LayerFacts> facts = new ArrayList<>();
      List<Integer> toRead = new ArrayList<>();
      for (int i = 0; i < stored.size(); i++) {
        Optional<LayerFacts> known = get(cached.get(i));
        facts.add(known.orElse(null));
        if (known.isEmpty()) {
          toRead.add(i);
        }
      }
      if (!toRead.isEmpty()) {
        log.info(
            "Reading "
                + toRead.size()
                + " of "
                + stored.size()
                + " layers of "
                + where
                + " (the others were read before on this machine)");
      }
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
      return facts;
    } finally {
      pool.shutdownNow();
    }
  }

  // A cached layer counts only when its stored bytes are proven, on this machine, to be the ones
  // the cached facts were read from: the image's stored digest is taken from the bytes it holds
  // now (for a local archive or layout hashed without decompressing, maybe ahead of time, or
  // remembered from a proof of the same unchanged file; a mismatch with the digest its manifest
  // names is an error), never from what its manifest claims. A forged twin of an image checked
  // before (same manifest and config, other layer bytes) is refused or read.
  private Optional<LayerFacts> known(ImageSource image, int index, ImageSource.StoredLayer stored)
      throws PaasException, IOException {
    Optional<LayerFacts> cached = cache.get(stored.diffId());
    if (cached.isEmpty()) {
      return cached;
    }
    String digest;
    try {
      digest = image.storedLayerDigest(index);
    } catch (BlobMismatchException e) {
      throw new PaasException(e.getMessage(), e);
    }
    return cached.filter(f -> f.storedDigests().contains(digest));
  }

  private static <T> T get(Future<T> future) throws PaasException, IOException {
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
