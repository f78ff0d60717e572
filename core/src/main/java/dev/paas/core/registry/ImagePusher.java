package dev.paas.core.registry;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.InvalidReferenceException;
import dev.paas.core.image.OciImage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Sends a local OCI image to a registry unchanged: the same blobs and the same manifest bytes, so
 * the registry's digest is the local one. Blobs the registry has are skipped; blobs of the base are
 * mounted from the base's repository when it lives on the same registry.
 */
public final class ImagePusher {
  private final CredentialSource credentials;
  private final boolean allowInsecure;
  private final BuildLog log;

  public ImagePusher(CredentialSource credentials, boolean allowInsecure, BuildLog log) {
    this.credentials = credentials;
    this.allowInsecure = allowInsecure;
    this.log = log;
  }

  /** What a push did, for the log and for tests. */
  public record PushResult(String digest, int uploaded, int mounted, int skipped) {}

  /**
   * Pushes {@code image} to {@code target}.
   *
   * @param mountFrom a registry reference whose repository may already hold some blobs (the base)
   */
  public PushResult push(OciImage image, ImageReference target, Optional<ImageReference> mountFrom)
      throws PaasException {
    if (!target.isRegistry()) {
      throw new InvalidReferenceException(
          "Cannot push to '" + target + "': a push needs a registry reference");
    }
    var ref = target.registryReference();
    String repository = ref.getRepository();
    String tag = ref.getTag().orElse("latest");
    RegistryClient client =
        new RegistryClient(
            ref.getRegistry(), credentials.forRegistry(ref.getRegistry()), allowInsecure);
    Optional<String> fromRepository =
        mountFrom
            .filter(ImageReference::isRegistry)
            .map(ImageReference::registryReference)
            .filter(from -> from.getRegistry().equals(ref.getRegistry()))
            .map(com.google.cloud.tools.jib.api.ImageReference::getRepository)
            .filter(from -> !from.equals(repository));

    List<OciImage.Descriptor> blobs = new ArrayList<>(image.layers());
    blobs.add(image.config());
    int uploaded = 0;
    int mounted = 0;
    int skipped = 0;
    long total = blobs.stream().mapToLong(OciImage.Descriptor::size).sum();
    long done = 0;
    log.info("Pushing " + target + " (" + blobs.size() + " blobs, " + human(total) + ")");
    PushProgress progress = new PushProgress(total, log);
    for (OciImage.Descriptor blob : blobs) {
      String shortDigest = blob.digest().substring(7, 19);
      if (client.hasBlob(repository, blob.digest())) {
        skipped++;
        log.debug("  " + shortDigest + " already in " + repository);
      } else if (fromRepository.isPresent()
          // Ask for a mount only where the blob is (the base's layers), so no upload session
          // the registry opens for a refused mount is left behind.
          && client.hasBlob(fromRepository.get(), blob.digest())
          && client.mountBlob(repository, blob.digest(), fromRepository.get())) {
        mounted++;
        log.info("  " + shortDigest + " mounted from " + fromRepository.get());
      } else {
        long already = done;
        client.uploadBlob(
            repository,
            blob.digest(),
            blob.size(),
            () ->
                new ProgressInputStream(
                    open(image, blob), bytes -> progress.sent(already + bytes)));
        uploaded++;
        log.info("  " + shortDigest + " uploaded (" + human(blob.size()) + ")");
      }
      done += blob.size();
    }
    String digest =
        client.putManifest(repository, tag, image.manifestBytes(), image.manifestMediaType());
    if (!digest.equals(image.manifestDigest())) {
      throw new PaasException(
          "Registry "
              + ref.getRegistry()
              + " stored "
              + target
              + " as "
              + digest
              + " but the built image is "
              + image.manifestDigest()
              + "; the registry rewrote the "
              + "manifest, so the pushed image is not the built one");
    }
    log.info(
        "Pushed "
            + target
            + "@"
            + digest
            + " ("
            + uploaded
            + " uploaded, "
            + mounted
            + " mounted, "
            + skipped
            + " already there)");
    return new PushResult(digest, uploaded, mounted, skipped);
  }

  /** Logs one line at every further tenth of the bytes of one push. */
  private static final class PushProgress {
    private final long total;
    private final BuildLog log;
    private int lastTenth;

    PushProgress(long total, BuildLog log) {
      this.total = total;
      this.log = log;
    }

    void sent(long sent) {
      int tenth = total == 0 ? 10 : (int) (sent * 10 / total);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        log.info(
            String.format(
                Locale.ROOT,
                "  pushed %d%% %s (%s of %s)",
                tenth * 10,
                "#".repeat(tenth) + ".".repeat(10 - tenth),
                human(sent),
                human(total)));
      }
    }
  }

  /** Counts the bytes read from a blob as the registry receives them. */
  private static final class ProgressInputStream extends FilterInputStream {
    private final LongConsumer listener;
    private long count;

    ProgressInputStream(InputStream in, LongConsumer listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        listener.accept(++count);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
        listener.accept(count);
      }
      return n;
    }
  }

  private InputStream open(OciImage image, OciImage.Descriptor blob) {
    try {
      return image.openBlob(blob.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read blob " + blob.digest() + " of the local image", e);
    }
  }

  static String human(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }
}
