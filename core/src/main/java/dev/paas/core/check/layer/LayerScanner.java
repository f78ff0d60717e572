package dev.paas.core.check.layer;

import dev.paas.core.PaasException;
import dev.paas.core.check.secrets.SecretMatch;
import dev.paas.core.image.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads one layer of an image into {@link LayerFacts}, proving it is the layer the image names. */
public final class LayerScanner {
  /** Examines a regular file's content for secrets; it reads only what it needs. */
  public interface FileExaminer {
    List<SecretMatch> examine(String path, long size, InputStream content) throws IOException;
  }

  private static final int MAX_IDENTITY_BYTES = 1 << 20;

  private final LayerReader reader;
  private final FileExaminer examiner;

  public LayerScanner(LayerReader reader, FileExaminer examiner) {
    this.reader = reader;
    this.examiner = examiner;
  }

  /**
   * Reads layer {@code index} of {@code image}. {@code where} names the image in messages.
   * A layer whose bytes do not match the digests the image gives for it is an error.
   */
  public LayerFacts scan(ImageSource image, int index, String where) throws PaasException, IOException {
    ImageSource.StoredLayer stored = image.storedLayers().get(index);
    String name = "layer " + index + " (" + stored.diffId() + ") of " + where;
    List<LayerEntry> entries = new ArrayList<>();
    List<SecretMatch> secrets = new ArrayList<>();
    Map<String, String> identity = new HashMap<>();
    LayerReader.Digests digests = reader.read(image.openStoredLayer(index), name, (entry, content) -> {
      entries.add(entry);
      if (entry.type() != LayerEntry.Type.FILE) {
        return;
      }
      if (LayerFacts.IDENTITY_FILES.contains(entry.path()) && entry.size() <= MAX_IDENTITY_BYTES) {
        byte[] bytes = content.readNBytes((int) entry.size());
        identity.put(entry.path(), new String(bytes, StandardCharsets.UTF_8));
        secrets.addAll(examiner.examine(entry.path(), bytes.length, new java.io.ByteArrayInputStream(bytes)));
        return;
      }
      secrets.addAll(examiner.examine(entry.path(), entry.size(), content));
    });
    if (!digests.uncompressed().equals(stored.diffId())) {
      throw new PaasException(name + " unpacks to " + digests.uncompressed() + ", not the diff_id "
          + "its config names: the image is damaged or forged; build, pull or copy it again");
    }
    if (!stored.digest().isEmpty() && !digests.stored().equals(stored.digest())) {
      throw new PaasException(name + " is stored as " + digests.stored() + ", not the digest "
          + stored.digest() + " its manifest names: the image is damaged or forged; build, pull or "
          + "copy it again");
    }
    // The uncompressed form is proven too: a docker archive stores the layer as its plain tar.
    List<String> storedDigests = digests.stored().equals(stored.diffId())
        ? List.of(stored.diffId()) : List.of(digests.stored(), stored.diffId());
    return new LayerFacts(stored.diffId(), storedDigests, entries, secrets, identity);
  }
}
