package dev.paas.core.check.layer;

import dev.paas.core.PaasException;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.secrets.SecretMatch;
import dev.paas.core.image.ImageSource;
import dev.paas.core.inventory.InstalledPackage;
import java.io.ByteArrayInputStream;
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

  /** Finds installed packages in the files that hold them: package databases and jars. */
  public interface PackageFinder {
    /** Whether the file at {@code path} is read whole for the packages it holds. */
    boolean wants(String path);

    /** The packages in the file, and what could not be read; bad data is never thrown. */
    Found find(String path, byte[] content);

    /** What one file holds. */
    record Found(List<InstalledPackage> packages, List<String> problems) {}
  }

  private static final int MAX_KEPT_BYTES = 1 << 20;

  /** Secrets kept per layer; the report lists at most a hundred per layer anyway. */
  static final int MAX_SECRETS_PER_LAYER = 10_000;

  /**
   * A package database or a jar is read into memory up to this, the limit a single archive entry
   * has too; a larger one is reported, not read.
   */
  static final long MAX_PACKAGE_FILE_BYTES = 256L << 20;

  private final LayerReader reader;
  private final FileExaminer examiner;
  private final PackageFinder packageFinder;

  public LayerScanner(LayerReader reader, FileExaminer examiner, PackageFinder packageFinder) {
    this.reader = reader;
    this.examiner = examiner;
    this.packageFinder = packageFinder;
  }

  /**
   * Reads layer {@code index} of {@code image}. {@code where} names the image in messages. A layer
   * whose bytes do not match the digests the image gives for it is an error.
   */
  public LayerFacts scan(ImageSource image, int index, String where)
      throws PaasException, IOException {
    ImageSource.StoredLayer stored = image.storedLayers().get(index);
    String name = "layer " + index + " (" + stored.diffId() + ") of " + where;
    List<LayerEntry> entries = new ArrayList<>();
    SecretsKept secrets = new SecretsKept();
    Map<String, String> kept = new HashMap<>();
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // The stored digest, where the image names one, is proven by the image's own stream as it
    // is read (or was when a registry's blob was downloaded): it is not hashed twice.
    LayerReader.Digests digests =
        reader.read(
            image.openStoredLayer(index),
            stored.digest(),
            name,
            (entry, content) -> {
              entries.add(entry);
              if (entry.type() != LayerEntry.Type.FILE) {
                return;
              }
              String path = entry.path();
              if (LayerFacts.KEPT_FILES.contains(path) && entry.size() <= MAX_KEPT_BYTES) {
                byte[] bytes = content.readNBytes((int) entry.size());
                kept.put(path, new String(bytes, StandardCharsets.UTF_8));
                secrets.add(examiner.examine(path, bytes.length, new ByteArrayInputStream(bytes)));
                return;
              }
              if (packageFinder.wants(path)) {
                if (entry.size() > MAX_PACKAGE_FILE_BYTES) {
                  problems.add(
                      path
                          + " in "
                          + name
                          + " is "
                          + entry.size()
                          + " bytes, more than the "
                          + (MAX_PACKAGE_FILE_BYTES >> 20)
                          + " MiB read for packages: what it holds is not in "
                          + "the inventory");
                } else {
                  // read once, for both the packages and the secrets
                  byte[] bytes = content.readNBytes((int) entry.size());
                  PackageFinder.Found found = packageFinder.find(path, bytes);
                  packages.addAll(found.packages());
                  problems.addAll(found.problems());
                  secrets.add(
                      examiner.examine(path, bytes.length, new ByteArrayInputStream(bytes)));
                  return;
                }
              }
              secrets.add(examiner.examine(path, entry.size(), content));
            });
    if (!digests.uncompressed().equals(stored.diffId())) {
      throw new PaasException(
          name
              + " unpacks to "
              + digests.uncompressed()
              + ", not the diff_id "
              + "its config names: the image is damaged or forged; build, pull or copy it again");
    }
    if (!stored.digest().isEmpty() && !digests.stored().equals(stored.digest())) {
      throw new PaasException(
          name
              + " is stored as "
              + digests.stored()
              + ", not the digest "
              + stored.digest()
              + " its manifest names: the image is damaged or forged; build, pull or "
              + "copy it again");
    }
    // The uncompressed form is proven too: a docker archive stores the layer as its plain tar.
    List<String> storedDigests =
        digests.stored().equals(stored.diffId())
            ? List.of(stored.diffId())
            : List.of(digests.stored(), stored.diffId());
    return new LayerFacts(
        stored.diffId(), storedDigests, entries, secrets.list(), kept, packages, problems);
  }

  /**
   * A layer's secrets, at most {@link #MAX_SECRETS_PER_LAYER} kept (the report lists far fewer): a
   * layer of a million files each holding a token costs the cache and the check no more than that,
   * and one more match says how many were left out.
   */
  private static final class SecretsKept {
    private final List<SecretMatch> kept = new ArrayList<>();
    private long dropped;

    void add(List<SecretMatch> matches) {
      for (SecretMatch match : matches) {
        if (kept.size() < MAX_SECRETS_PER_LAYER) {
          kept.add(match);
        } else {
          dropped++;
        }
      }
    }

    List<SecretMatch> list() {
      if (dropped == 0) {
        return kept;
      }
      List<SecretMatch> all = new ArrayList<>(kept);
      String what =
          dropped + " more secrets in this layer, beyond the " + MAX_SECRETS_PER_LAYER + " kept";
      all.add(
          new SecretMatch(
              "secrets-suppressed",
              what,
              "/",
              0,
              "",
              Finding.fingerprint("secrets", "secrets-suppressed")));
      return all;
    }
  }
}
