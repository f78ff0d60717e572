package dev.paas.core.check.layer;

import dev.paas.core.check.secrets.SecretMatch;
import dev.paas.core.inventory.InstalledPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the rules need to know about one layer, read once and cached by diff_id: it does not depend
 * on where the layer sits in an image.
 *
 * @param diffId the layer's uncompressed digest, as verified while reading it
 * @param storedDigests stored forms (compressed blobs) proven to unpack to this diff_id
 * @param entries every tar entry, in order
 * @param secrets what the secret scanner found in the layer's files
 * @param keptFiles the content of the small text files rules read ({@link #KEPT_FILES}) where the
 *     layer writes them as regular files
 * @param packages the OS packages (from package databases) and Java libraries (from jars) the
 *     layer's files hold, whether or not an upper layer hides them
 * @param packageProblems what could not be read for the inventory: a damaged database, a jar
 */
public record LayerFacts(
    String diffId,
    List<String> storedDigests,
    List<LayerEntry> entries,
    List<SecretMatch> secrets,
    Map<String, String> keptFiles,
    List<InstalledPackage> packages,
    List<String> packageProblems) {

  /** The files the non-root rule resolves users and groups with. */
  public static final List<String> IDENTITY_FILES = List.of("/etc/passwd", "/etc/group");

  /** The files that say which OS an image is, in the order os-release(5) gives. */
  public static final List<String> OS_RELEASE_FILES =
      List.of("/etc/os-release", "/usr/lib/os-release");

  /** Every file kept whole: the identity files and the OS release. */
  public static final List<String> KEPT_FILES =
      Stream.concat(IDENTITY_FILES.stream(), OS_RELEASE_FILES.stream()).toList();

  public LayerFacts {
    storedDigests = List.copyOf(storedDigests);
    entries = List.copyOf(entries);
    secrets = List.copyOf(secrets);
    keptFiles = Map.copyOf(keptFiles);
    packages = List.copyOf(packages);
    packageProblems = List.copyOf(packageProblems);
  }

  /** The same facts, also valid for another stored form. */
  public LayerFacts withStoredDigest(String digest) {
    if (digest.isEmpty() || storedDigests.contains(digest)) {
      return this;
    }
    List<String> digests = new ArrayList<>(storedDigests);
    digests.add(digest);
    return new LayerFacts(diffId, digests, entries, secrets, keptFiles, packages, packageProblems);
  }
}
