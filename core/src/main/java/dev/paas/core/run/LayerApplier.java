package dev.paas.core.run;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies image layers, lowest first, to a directory that becomes the image's root file system,
 * as a container runtime would: OCI whiteouts delete, opaque markers empty a directory.
 *
 * <p>Nothing a layer says is trusted. Entry names with {@code ..} are refused; parent
 * directories are resolved inside the root ({@link RootPath}), so a symbolic link pointing out
 * is never followed out of it; hard links must name a file of the same file system; device nodes
 * and FIFOs are never created; and the total size written is bounded.
 */
final class LayerApplier {
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";
  static final long MAX_ENTRIES = 5_000_000;

  private final Path root;
  private final boolean chown;
  private final long maxBytes;
  private final long maxEntries;
  private final Owners owners;
  private final BuildLog log;
  private long written;
  private long entries;
  private int skippedDevices;
  private final List<DirectoryAttributes> directories = new ArrayList<>();

  private record DirectoryAttributes(Path path, int mode, FileTime modified) {}

  /**
   * @param chown whether to give files the owners the layers name (only root can)
   * @param maxBytes the most the layers may write, in bytes
   */
  LayerApplier(Path root, boolean chown, long maxBytes, BuildLog log) {
    this(root, chown, maxBytes, MAX_ENTRIES, new Owners(Owners.Mapping.IDENTITY), log);
  }

  /**
   * @param maxEntries the most entries the layers may hold in all
   * @param owners records the owners the layers name, where files cannot be given them
   */
  LayerApplier(Path root, boolean chown, long maxBytes, long maxEntries, Owners owners, BuildLog log) {
    this.owners = owners;
    this.root = root;
    this.chown = chown;
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
    this.log = log;
  }

  /** Applies one layer, compressed with gzip or not, read from {@code in}. */
  void apply(InputStream in, String layerName) throws PaasException {
    Set<String> ownEntries = new HashSet<>();
    try (InputStream buffered = new BufferedInputStream(in, 64 * 1024);
        TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(buffered))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        if (++entries > maxEntries) {
          throw new PaasException("The image's layers hold more than " + maxEntries
              + " entries (reached in layer " + layerName + "); refused as an endless or hostile archive");
        }
        String name = RootPath.entryName(entry.getName(), "Layer " + layerName);
        if (name.isEmpty()) {
          continue;
        }
        String where = "Layer " + layerName + ", entry /" + name;
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.equals(OPAQUE)) {
          emptyDirectory(parentOf(name), ownEntries);
          continue;
        }
        if (base.startsWith(WHITEOUT)) {
          String hidden = siblingOf(name, base.substring(WHITEOUT.length()));
          if (!ownEntries.contains(hidden)) {
            delete(RootPath.resolveParent(root, hidden));
          }
          continue;
        }
        ownEntries.add(name);
        write(tar, entry, name, where);
      }
    } catch (IOException e) {
      throw new PaasException("Layer " + layerName + " cannot be read as a tar archive (" + e.getMessage()
          + "): the image is damaged or truncated; pull it again or choose another base image", e);
    }
  }

  /** Gives directories their modes and times, once nothing more is written into them. */
  void finish() throws PaasException {
    for (int i = directories.size() - 1; i >= 0; i--) {
      DirectoryAttributes dir = directories.get(i);
      try {
        if (Files.isDirectory(dir.path(), LinkOption.NOFOLLOW_LINKS)) {
          Files.setAttribute(dir.path(), "unix:mode", dir.mode());
          Files.setLastModifiedTime(dir.path(), dir.modified());
        }
      } catch (IOException e) {
        throw new PaasException("Cannot set the mode of " + dir.path() + ": " + e.getMessage(), e);
      }
    }
    directories.clear();
    if (skippedDevices > 0) {
      log.info("Skipped " + skippedDevices + " device node(s) and FIFO(s) of the base image's layers: "
          + "the sandbox provides its own /dev");
    }
  }

  private void write(TarArchiveInputStream tar, TarArchiveEntry entry, String name, String where)
      throws IOException, PaasException {
    if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      skippedDevices++;
      return;
    }
    Path target = RootPath.resolveParent(root, name);
    ensureDirectory(target.getParent(), where);
    if (entry.isDirectory()) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        delete(target);
        Files.createDirectory(target);
      }
      owner(target, entry);
      directories.add(new DirectoryAttributes(target, (int) (entry.getMode() & 07777),
          FileTime.from(entry.getModTime().toInstant())));
      return;
    }
    delete(target);
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
      owner(target, entry);
    } else if (entry.isLink()) {
      String linkName = RootPath.entryName(entry.getLinkName(), where);
      Path existing = RootPath.resolveParent(root, linkName);
      if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
        throw new PaasException(where + " is a hard link to /" + linkName + ", which is not a file "
            + "of the image (a hard link may only name a file its lower layers or this one wrote); "
            + "refused: the image is malformed or hostile");
      }
      Files.createLink(target, existing);
    } else if (entry.isFile()) {
      written += entry.getSize();
      if (written > maxBytes) {
        throw new PaasException(where + ": the image's file system is larger than the limit of "
            + maxBytes / (1024 * 1024) + " MiB for a sandboxed run (paas.run.maxRootfsSize); "
            + "raise it if the base image really is this large");
      }
      try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        long copied = tar.transferTo(out);
        if (copied != entry.getSize()) {
          throw new IOException("entry /" + name + " is truncated");
        }
      }
      owner(target, entry);
      Files.setAttribute(target, "unix:mode", (int) (entry.getMode() & 07777));
      Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
    } else {
      log.debug(where + ": entry type '" + (char) entry.getLinkFlag() + "' ignored");
    }
  }

  private void owner(Path target, TarArchiveEntry entry) throws IOException {
    owners.unpacked(root.relativize(target).toString(), entry.getLongUserId(), entry.getLongGroupId());
    if (chown) {
      Owners.Id host = owners.hostId(entry.getLongUserId(), entry.getLongGroupId());
      Files.setAttribute(target, "unix:uid", host.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(target, "unix:gid", host.gid(), LinkOption.NOFOLLOW_LINKS);
    }
  }

  // Parent directories a layer does not list are created as a runtime would: 0755, root-owned.
  private void ensureDirectory(Path dir, String where) throws IOException, PaasException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!dir.startsWith(root)) {
      throw new PaasException(where + ": resolves outside the image's file system; refused");
    }
    ensureDirectory(dir.getParent(), where);
    delete(dir);
    Files.createDirectory(dir);
  }

  private void emptyDirectory(String name, Set<String> ownEntries) throws IOException, PaasException {
    Path dir = name.isEmpty() ? root : RootPath.resolve(root, name);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String childName = name.isEmpty() ? child.getFileName().toString()
            : name + "/" + child.getFileName();
        if (!ownEntries.contains(childName)) {
          delete(child);
        }
      }
    }
  }

  private static String parentOf(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  private static String siblingOf(String name, String sibling) {
    String parent = parentOf(name);
    return parent.isEmpty() ? sibling : parent + "/" + sibling;
  }

  /** Deletes a file, link or directory tree without ever following a link. */
  static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        // A directory without write or search permission (0555, 0000) must still be emptied.
        Files.setAttribute(dir, "unix:mode", 0700);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static InputStream maybeGunzip(InputStream buffered) throws IOException {
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
  }
}
