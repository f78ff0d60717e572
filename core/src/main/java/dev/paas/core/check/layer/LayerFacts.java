package dev.paas.core.check.layer;

import dev.paas.core.check.secrets.SecretMatch;
import java.util.List;
import java.util.Map;

/**
 * What the rules need to know about one layer, read once and cached by diff_id: it does not
 * depend on where the layer sits in an image.
 *
 * @param diffId the layer's uncompressed digest, as verified while reading it
 * @param storedDigests stored forms (compressed blobs) proven to unpack to this diff_id
 * @param entries every tar entry, in order
 * @param secrets what the secret scanner found in the layer's files
 * @param identityFiles the content of {@code /etc/passwd} and {@code /etc/group} where the layer
 *     writes them as regular files
 */
public record LayerFacts(String diffId, List<String> storedDigests, List<LayerEntry> entries,
    List<SecretMatch> secrets, Map<String, String> identityFiles) {

  /** The files the non-root rule resolves users and groups with. */
  public static final List<String> IDENTITY_FILES = List.of("/etc/passwd", "/etc/group");

  public LayerFacts {
    storedDigests = List.copyOf(storedDigests);
    entries = List.copyOf(entries);
    secrets = List.copyOf(secrets);
    identityFiles = Map.copyOf(identityFiles);
  }

  /** The same facts, also valid for another stored form. */
  public LayerFacts withStoredDigest(String digest) {
    if (digest.isEmpty() || storedDigests.contains(digest)) {
      return this;
    }
    List<String> digests = new java.util.ArrayList<>(storedDigests);
    digests.add(digest);
    return new LayerFacts(diffId, digests, entries, secrets, identityFiles);
  }
}
