package dev.paas.core.check.layer;

/**
 * One entry of a layer's tar, as data: its name made safe, never used to touch the disk.
 *
 * @param path the absolute, normalised path ({@code /etc/passwd}); for a whiteout, the path it
 *     deletes; for an opaque whiteout, the directory it empties
 * @param type what the entry is
 * @param mode the permission bits, with setuid (04000), setgid (02000) and sticky (01000)
 * @param size the content's size (regular files)
 * @param link a symlink's target or a hard link's (normalised) path; a hard link whose target
 *     climbs out of the root ({@code ../../etc/shadow}) keeps it as written; empty otherwise
 * @param escapes whether the name tried to leave the root ({@code ../../etc}): kept at the root as
 *     runtimes do, and reported
 */
public record LayerEntry(
    String path, Type type, int mode, long uid, long gid, long size, String link, boolean escapes) {

  /** The kinds of entry. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    WHITEOUT,
    OPAQUE
  }

  /** Whether the entry deletes (a whiteout) rather than adds. */
  public boolean deletes() {
    return type == Type.WHITEOUT || type == Type.OPAQUE;
  }

  /**
   * Whether this is a hard link whose target climbs out of the root: a tool that unpacks it naively
   * links to a file of the host.
   */
  public boolean linkEscapes() {
    return type == Type.HARDLINK && LayerPaths.normalise(link).escapes();
  }

  /** Whether the path is {@code dir} or below it. */
  public static boolean isAtOrBelow(String path, String dir) {
    return path.equals(dir)
        || dir.equals("/")
        || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
  }
}
