package dev.paas.core.run;

import java.util.HashMap;
import java.util.Map;

/**
 * Who owns what, on the host and in the image. A step runs in a user namespace in which image id
 * {@code i} is host id {@code base + i} for {@code i < size}: as root, a range of unprivileged host
 * ids (so the step's root is never the host's); without root, the build's own user alone. Files are
 * unpacked with the host ids of their image owners; an owner the range cannot hold is remembered,
 * the file gets a placeholder, and a file the step did not make anew gets its owner back in the
 * layer.
 */
final class Owners {
  /** A user and group id. */
  record Id(int uid, int gid) {}

  /**
   * Image ids {@code [0, size)} are host ids {@code [uid, uid + size)} and {@code [gid, gid +
   * size)}.
   */
  record Mapping(int uid, int gid, int size) {
    /** The same ids inside and out, for unpacking that no step runs on. */
    static final Mapping IDENTITY = new Mapping(0, 0, Integer.MAX_VALUE);

    /** The image id a file gets when the range cannot hold its own: nobody, or root when alone. */
    int placeholder() {
      return size > 65534 ? 65534 : 0;
    }

    boolean holds(long id) {
      return id >= 0 && id < size;
    }
  }

  private final Mapping mapping;
  private final Map<String, Id> original = new HashMap<>();

  /** What the running step left to other ids than root, from its {@link OwnerReset}. */
  private Map<String, OwnerReset.Owned> stepOwned = Map.of();

  Owners(Mapping mapping) {
    this.mapping = mapping;
  }

  Mapping mapping() {
    return mapping;
  }

  /** Whether {@link #unpacked} can record anything: only where the range cannot hold every id. */
  boolean recordsUnpacked() {
    return !mapping.equals(Mapping.IDENTITY);
  }

  /** Records the owner a layer names for a path (relative to the root). */
  void unpacked(String name, long uid, long gid) {
    if (mapping.holds(uid) && mapping.holds(gid)) {
      original.remove(name);
    } else {
      original.put(name, new Id((int) uid, (int) gid));
    }
  }

  /**
   * What the step that just ran left to other ids than root, and the modes it gave them: the layer
   * takes these, whatever the files' host owners are now.
   */
  void stepOwned(Map<String, OwnerReset.Owned> owned) {
    stepOwned = owned;
  }

  /**
   * The step's layer is written: for the steps after it, which see these files as root's, its
   * owners become what a file they do not make anew keeps.
   */
  void stepWritten() {
    stepOwned.forEach((name, owned) -> original.put(name, new Id(owned.uid(), owned.gid())));
    stepOwned = Map.of();
  }

  /** The mode a layer gives {@code name}, whose file has {@code mode} on the host. */
  int modeInLayer(String name, int mode) {
    OwnerReset.Owned owned = stepOwned.get(name);
    return owned == null ? mode : owned.mode();
  }

  /** The host ids a file owned by {@code uid}/{@code gid} in the image is given. */
  Id hostId(long uid, long gid) {
    return new Id(
        mapping.uid() + (int) (mapping.holds(uid) ? uid : mapping.placeholder()),
        mapping.gid() + (int) (mapping.holds(gid) ? gid : mapping.placeholder()));
  }

  /**
   * The owner a layer gives a path whose file is owned by {@code uid}/{@code gid} on the host.
   *
   * @param existed whether the path was there before the step ran
   */
  Id inLayer(String name, int uid, int gid, boolean existed) {
    OwnerReset.Owned owned = stepOwned.get(name);
    if (owned != null) {
      return new Id(owned.uid(), owned.gid());
    }
    int imageUid = inImage(uid, mapping.uid());
    int imageGid = inImage(gid, mapping.gid());
    Id was = existed ? original.get(name) : null;
    if (was == null) {
      return new Id(imageUid, imageGid);
    }
    return new Id(
        imageUid == mapping.placeholder() ? was.uid() : imageUid,
        imageGid == mapping.placeholder() ? was.gid() : imageGid);
  }

  // A host id outside the range belongs to no one inside (the plugin's own files): root.
  private int inImage(int hostId, int base) {
    long id = (long) hostId - base;
    return mapping.holds(id) ? (int) id : 0;
  }
}
