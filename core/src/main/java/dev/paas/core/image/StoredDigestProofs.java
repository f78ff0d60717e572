package dev.paas.core.image;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * The stored digests of one open image's layers, each proven once: by whoever asks first, or ahead
 * of time on threads of its own while a check does other work (compiles its rules, reads the
 * official bases). A proof is of the bytes as they were read during this check; a failed one fails
 * every ask.
 */
final class StoredDigestProofs implements AutoCloseable {
  /** Reads and hashes one layer's stored bytes, as its image names them. */
  interface Proof {
    String prove(int index) throws IOException;
  }

  private final Proof proof;
  private final Map<Integer, FutureTask<String>> proofs = new ConcurrentHashMap<>();
  private ExecutorService threads;
  private boolean closed;

  StoredDigestProofs(Proof proof) {
    this.proof = proof;
  }

  /** Starts proving layer {@code index} in the background, unless it is proven or under way. */
  void startAhead(int index) {
    FutureTask<String> task = new FutureTask<>(() -> proof.prove(index));
    if (proofs.putIfAbsent(index, task) == null) {
      synchronized (this) {
        if (closed) {
          return;
        }
        if (threads == null) {
          // Hashing is bound by the CPU: one thread per core, however many layers.
          threads =
              Executors.newFixedThreadPool(
                  Runtime.getRuntime().availableProcessors(),
                  r -> {
                    Thread thread = new Thread(r, "paas-prove-layer");
                    thread.setDaemon(true);
                    return thread;
                  });
        }
        threads.execute(task);
      }
    }
  }

  /** The proven digest of layer {@code index}: proven here, or awaited where it is under way. */
  String digest(int index) throws IOException {
    FutureTask<String> task =
        proofs.computeIfAbsent(index, i -> new FutureTask<>(() -> proof.prove(i)));
    // Runs it here unless a thread already has it (run() then returns at once).
    task.run();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while proving layer " + (index + 1), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (threads != null) {
      threads.shutdownNow();
    }
  }
}
