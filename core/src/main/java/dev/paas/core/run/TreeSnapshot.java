package dev.paas.core.run;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every path of a root file system is, at one moment: enough to tell afterwards whether a
 * command created, changed or deleted it. The change time ({@code ctime}) moves with any change to
 * a file's content or metadata and cannot be set back, so a file whose ctime, inode and metadata
 * are unchanged was not touched.
 */
final class TreeSnapshot {
  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER
  }

  record Node(
      Type type,
      int mode,
      int uid,
      int gid,
      long size,
      FileTime modified,
      FileTime changed,
      long inode,
      int links,
      String linkTarget) {

    boolean sameAs(Node other) {
      return type == other.type
          && mode == other.mode
          && uid == other.uid
          && gid == other.gid
          && size == other.size
          && modified.equals(other.modified)
          && changed.equals(other.changed)
          && inode == other.inode
          && Objects.equals(linkTarget, other.linkTarget);
    }

    /** For a directory, what its header in a layer says; its content is listed separately. */
    boolean sameHeaderAs(Node other) {
      return type == other.type
          && mode == other.mode
          && uid == other.uid
          && gid == other.gid
          && modified.equals(other.modified);
    }
  }

  private final Map<String, Node> nodes;

  private TreeSnapshot(Map<String, Node> nodes) {
    this.nodes = nodes;
  }

  /**
   * Records every path under {@code root}, by its name relative to it, never following a link.
   *
   * @param skipContentOf directories (relative names) whose content is not recorded: mount points
   */
  static TreeSnapshot of(Path root, Set<String> skipContentOf) throws IOException {
    Map<String, Node> nodes = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            String name = root.relativize(dir).toString();
            nodes.put(name, node(dir));
            return skipContentOf.contains(name)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            nodes.put(root.relativize(file).toString(), node(file));
            return FileVisitResult.CONTINUE;
          }
        });
    return new TreeSnapshot(nodes);
  }

  // Named, not "unix:*": that also resolves owner and group names, and the host has none for the
  // sandbox's shifted ids, so each file cost two failed passwd/group look-ups (a third of a cold
  // step).
  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino,nlink";

  static Node node(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    Type type =
        switch (mode & 0170000) {
          case 0100000 -> Type.FILE;
          case 0040000 -> Type.DIRECTORY;
          case 0120000 -> Type.SYMLINK;
          default -> Type.OTHER;
        };
    return new Node(
        type,
        mode & 07777,
        (Integer) a.get("uid"),
        (Integer) a.get("gid"),
        (Long) a.get("size"),
        (FileTime) a.get("lastModifiedTime"),
        (FileTime) a.get("ctime"),
        (Long) a.get("ino"),
        (Integer) a.get("nlink"),
        type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null);
  }

  /** Every path, in name order. */
  Map<String, Node> nodes() {
    return nodes;
  }
}
