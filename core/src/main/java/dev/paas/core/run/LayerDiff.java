package dev.paas.core.run;

import dev.paas.core.run.TreeSnapshot.Node;
import dev.paas.core.run.TreeSnapshot.Type;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Turns what changed between two snapshots of a root file system into one OCI layer: created and
 * modified files, directories and links with their modes and owners, and a whiteout for each
 * deleted path. Entries are written in name order, so the same changes give the same bytes.
 */
final class LayerDiff {
  /** What a layer holds, counted. */
  record Summary(int added, int deleted, int skipped) {}

  private LayerDiff() {}

  /**
   * @param fs the root file system the {@code after} snapshot was taken of
   * @param excluded relative names left out whatever happened to them (the sandbox's own files)
   * @param owners the owners files get in the layer
   */
  static Summary write(
      RootFs fs,
      TreeSnapshot before,
      TreeSnapshot after,
      Set<String> excluded,
      Owners owners,
      OutputStream out)
      throws IOException {
    Map<String, Node> old = before.nodes();
    Map<String, Node> now = after.nodes();
    Set<String> opaque = new HashSet<>();
    TreeSet<String> names = new TreeSet<>(now.keySet());
    TreeSet<String> whiteouts = new TreeSet<>();
    for (String name : old.keySet()) {
      if (isExcluded(name, excluded)) {
        continue;
      }
      Node previous = old.get(name);
      Node current = now.get(name);
      boolean replaced =
          current != null
              && (previous.type() != current.type()
                  || (current.type() == Type.DIRECTORY && previous.inode() != current.inode()));
      if (current == null || (replaced && previous.type() != current.type())) {
        if (!underAny(name, whiteouts) && !underAny(name, opaque)) {
          whiteouts.add(name);
        }
      } else if (replaced) {
        opaque.add(name);
      }
    }
    int added = 0;
    int skipped = 0;
    Map<Long, String> firstPathOfInode = new HashMap<>();
    // Not closed: the caller owns the stream and may write after the tar (compression trailers).
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (String name : whiteouts) {
        int slash = name.lastIndexOf('/');
        String whiteout =
            slash < 0
                ? LayerApplier.WHITEOUT + name
                : name.substring(0, slash + 1) + LayerApplier.WHITEOUT + name.substring(slash + 1);
        putEmpty(tar, whiteout);
      }
      for (String name : names) {
        if (isExcluded(name, excluded)) {
          continue;
        }
        Node current = now.get(name);
        Node previous = old.get(name);
        boolean changed =
            previous == null
                || opaque.contains(name)
                || whiteouts.contains(name)
                || (current.type() == Type.DIRECTORY
                    ? !current.sameHeaderAs(previous)
                    : !current.sameAs(previous));
        if (!changed) {
          continue;
        }
        if (current.type() == Type.OTHER) {
          skipped++;
          continue;
        }
        TarArchiveEntry entry;
        boolean content = false;
        switch (current.type()) {
          case DIRECTORY -> entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR, false);
          case SYMLINK -> {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, false);
            entry.setLinkName(current.linkTarget());
          }
          default -> {
            String first =
                current.links() > 1 ? firstPathOfInode.putIfAbsent(current.inode(), name) : null;
            if (first != null) {
              entry = new TarArchiveEntry(name, TarConstants.LF_LINK, false);
              entry.setLinkName(first);
            } else {
              entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, false);
              entry.setSize(current.size());
              content = true;
            }
          }
        }
        entry.setMode(owners.modeInLayer(name, current.mode()) | modeType(current.type()));
        Owners.Id owner = owners.inLayer(name, current.uid(), current.gid(), previous != null);
        entry.setUserId(owner.uid());
        entry.setGroupId(owner.gid());
        entry.setModTime(current.modified().toMillis());
        tar.putArchiveEntry(entry);
        if (content) {
          // Through the root's handle, never following a link: a file swapped for a link to a
          // host file since the snapshot is refused, not copied into the layer.
          try (RootEntry file = fs.entry(name);
              InputStream in = file.openRegular()) {
            long copied = in.transferTo(tar);
            if (copied != current.size()) {
              throw new IOException("/" + name + " changed size while the layer was written");
            }
          }
        }
        tar.closeArchiveEntry();
        added++;
        if (opaque.contains(name)) {
          putEmpty(tar, name + "/" + LayerApplier.OPAQUE);
        }
      }
      tar.finish();
      tar.flush();
    }
    return new Summary(added, whiteouts.size(), skipped);
  }

  private static void putEmpty(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, false);
    entry.setMode(0100000);
    entry.setModTime(0);
    entry.setSize(0);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static int modeType(Type type) {
    return switch (type) {
      case DIRECTORY -> 0040000;
      case SYMLINK -> 0120000;
      default -> 0100000;
    };
  }

  static boolean isExcluded(String name, Set<String> excluded) {
    for (String prefix : excluded) {
      if (name.equals(prefix) || name.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }

  private static boolean underAny(String name, Set<String> parents) {
    for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
      if (parents.contains(name.substring(0, slash))) {
        return true;
      }
    }
    return false;
  }
}
