package dev.paas.core.check.layer;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.BlobMismatchException;
import dev.paas.core.image.ImageSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * The facts of each layer, lowest first. {@code where} names the image in messages. A layer
   * without cached facts is read as soon as that is known, beside the proofs of the layers that
   * have facts (a new app layer on a base checked before: its reading need not wait for the base's
   * hundred megabytes to be hashed); one whose facts turn out not to be of its bytes is read after.
   */
  public List<LayerFacts> inspect(ImageSource image, String where)
      throws PaasException, IOException {
    List<ImageSource.StoredLayer> stored = image.storedLayers();
    int threads = Math.max(1, Math.min(stored.size(), Runtime.getRuntime().availableProcessors()));
    // Separate pools: a thread waiting for a layer's proof must not hold up another's reading.
    ExecutorService proving = pool(threads);
    ExecutorService reading = pool(threads);
    try {
      Map<Integer, Future<LayerFacts>> reads = new ConcurrentHashMap<>();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < stored.size(); i++) {
        order.add(i);
      }
      // Largest first, so two big layers do not end up one after the other.
      order.sort((a, b) -> Long.compare(stored.get(b).size(), stored.get(a).size()));
      Map<Integer, Future<Optional<LayerFacts>>> cached = new HashMap<>();
      for (int index : order) {
        cached.put(
            index,
            proving.submit(
                () -> {
                  Optional<LayerFacts> facts = cache.get(stored.get(index).diffId());
                  if (facts.isEmpty()) {
                    reads.put(index, reading.submit(() -> scanner.scan(image, index, where)));
                    return facts;
                  }
                  return proven(image, index, facts.get());
                }));
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
      for (int index : order) {
        if (toRead.contains(index)) {
          reads.computeIfAbsent(index, i -> reading.submit(() -> scanner.scan(image, i, where)));
        }
      }
      for (int index : toRead) {
        LayerFacts read = get(reads.get(index));
        cache.put(read);
        facts.set(index, read);
      }
      return facts;
    } finally {
      proving.shutdownNow();
      reading.shutdownNow();
    }
  }

  private static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread thread = new Thread(r, "paas-check-layer");
          thread.setDaemon(true);
          return thread;
        });
  }

  // A cached layer counts only when its stored bytes are proven, on this machine, to be the ones
  // the cached facts were read from: the image's stored digest is taken from the bytes it holds
  // now (for a local archive or layout hashed without decompressing, maybe ahead of time, or
  // remembered from a proof of the same unchanged file; a mismatch with the digest its manifest
  // names is an error), never from what its manifest claims. A forged twin of an image checked
  // before (same manifest and config, other layer bytes) is refused or read.
  private static Optional<LayerFacts> proven(ImageSource image, int index, LayerFacts cached)
      throws PaasException, IOException {
    String digest;
    try {
      digest = image.storedLayerDigest(index);
    } catch (BlobMismatchException e) {
      throw new PaasException(e.getMessage(), e);
    }
    return Optional.of(cached).filter(f -> f.storedDigests().contains(digest));
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
