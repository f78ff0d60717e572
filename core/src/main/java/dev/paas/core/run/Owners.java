package dev.paas.core.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns what in a layer made in a user namespace. There, one host user stands for root and
 * no other user exists, so unpacked files cannot keep the owners the base image's layers name.
 * This remembers those owners while unpacking, and gives them back to the files a step changed
 * without making them anew; a file the step created belongs to root.
 */
final class Owners {
  /** A user and group id. */
  record Id(int uid, int gid) {}

  private static final Id ROOT = new Id(0, 0);

  private final Optional<Id> namespaceRoot;
  private final Map<String, Id> original = new HashMap<>();

  /** @param namespaceRoot the host ids that stand for root, or empty when ids are not mapped */
  Owners(Optional<Id> namespaceRoot) {
    this.namespaceRoot = namespaceRoot;
  }

  /** Whether {@link #unpacked} records anything: only where ids are mapped. */
  boolean recordsUnpacked() {
    return namespaceRoot.isPresent();
  }

  /**
   * The ids a file is given on the host, where files are given owners, for the owner a layer
   * names. Today the same ids: the step's root is the host's root.
   */
  Id hostId(long uid, long gid) {
    return new Id((int) uid, (int) gid);
  }

  /** Records the owner a layer names for a path (relative to the root); root is the default. */
  void unpacked(String name, long uid, long gid) {
    if (namespaceRoot.isEmpty()) {
      return;
    }
    if (uid == 0 && gid == 0) {
      original.remove(name);
    } else {
      original.put(name, new Id((int) uid, (int) gid));
    }
  }

  /**
   * The owner a layer gives a path whose file is owned by {@code uid}/{@code gid} on the host.
   *
   * @param existed whether the path was there before the step ran
   */
  Id inLayer(String name, int uid, int gid, boolean existed) {
    if (namespaceRoot.isEmpty()) {
      return new Id(uid, gid);
    }
    Id root = namespaceRoot.get();
    Id was = existed ? original.getOrDefault(name, ROOT) : ROOT;
    return new Id(uid == root.uid() ? was.uid() : uid, gid == root.gid() ? was.gid() : gid);
  }
}
