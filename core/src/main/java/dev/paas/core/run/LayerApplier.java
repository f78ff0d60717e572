package dev.paas.core.run;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.run.RootFs.Failure;
import dev.paas.core.run.RootFs.MissingParents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies image layers, lowest first, to a directory that becomes the image's root file system, as
 * a container runtime would: OCI whiteouts delete, opaque markers empty a directory.
 *
 * <p>Nothing a layer says is trusted. Every file, link and directory is made, changed and deleted
 * through a handle on the root ({@link RootFs}): names resolve inside it whatever links the layers
 * hold, so no entry, link or later layer reaches outside it, also not when directory modes and
 * times are set at the end. Entry names with {@code ..} and whiteouts that hide {@code .} or {@code
 * ..} are refused; hard links must name a regular file of the image; device nodes and FIFOs are
 * never created; and the number of entries and the bytes written are bounded.
 */
final class LayerApplier {
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";
  static final long MAX_ENTRIES = 5_000_000;

  /** What may follow a layer's tar (its padding: 10 KiB records, for GNU tar). */
  private static final long MAX_TRAILING_BYTES = 1 << 20;

  private final Path root;
  private final boolean chown;
  private final long maxBytes;
  private final long maxEntries;
  private final Owners owners;
  private final BuildLog log;
  private long written;
  private long entries;
  private int skippedDevices;

  /** The directories' modes and times, set once nothing more is written into them; by name. */
  private final TreeMap<String, DirectoryAttributes> directories = new TreeMap<>();

  private record DirectoryAttributes(int mode, FileTime modified) {}

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
  LayerApplier(
      Path root, boolean chown, long maxBytes, long maxEntries, Owners owners, BuildLog log) {
    this.owners = owners;
    this.root = root;
    this.chown = chown;
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
    this.log = log;
  }

  /** Applies one layer, compressed with gzip or not, read from {@code in}, unchecked. */
  void apply(InputStream in, String layerName) throws PaasException {
    apply(in, layerName, VerifiedLayer.Expected.UNCHECKED);
  }

  /**
   * Applies one layer, compressed with gzip or not, read from {@code in}, and checks its bytes
   * against the digests the image names for it; a mismatch is a PaasException naming the layer, and
   * what was applied must not be used.
   */
  void apply(InputStream in, String layerName, VerifiedLayer.Expected expected)
      throws PaasException {
    Set<String> ownEntries = new HashSet<>();
    try (RootFs fs = RootFs.open(root, MissingParents.CREATE);
        VerifiedLayer layer = new VerifiedLayer(in, expected, layerName);
        TarArchiveInputStream tar = new TarArchiveInputStream(layer.tar())) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        if (++entries > maxEntries) {
          throw new PaasException(
              "The image's layers hold more than "
                  + maxEntries
                  + " entries (reached in layer "
                  + layerName
                  + "); refused as an endless or hostile archive");
        }
        String name = RootPath.entryName(entry.getName(), "Layer " + layerName);
        if (name.isEmpty()) {
          continue;
        }
        String where = "Layer " + layerName + ", entry /" + RootFs.shown(name);
        try {
          String base = name.substring(name.lastIndexOf('/') + 1);
          if (base.equals(OPAQUE)) {
            emptyDirectory(fs, parentOf(name), ownEntries);
          } else if (base.startsWith(WHITEOUT)) {
            whiteout(fs, name, base.substring(WHITEOUT.length()), ownEntries, where);
          } else {
            ownEntries.add(name);
            write(fs, tar, entry, name, where);
          }
        } catch (Failure e) {
          throw refused(where, e);
        }
      }
      layer.verify(layerName, MAX_TRAILING_BYTES);
    } catch (IOException e) {
      throw new PaasException(
          "Layer "
              + layerName
              + " cannot be read as a tar archive ("
              + e.getMessage()
              + "): the image is damaged or truncated; pull it again or choose another base image",
          e);
    }
  }

  /**
   * Gives directories their modes and times, once nothing more is written into them. Each name is
   * resolved again in the root: whatever the layers made of the tree meanwhile, a name that is no
   * longer a directory is skipped, and none leads outside.
   */
  void finish() throws PaasException {
    List<Map.Entry<String, DirectoryAttributes>> deepestFirst =
        new ArrayList<>(directories.entrySet());
    // A directory's own mode must not stop its subdirectories' being set (unprivileged builds).
    deepestFirst.sort(
        Comparator.comparingLong(
                (Map.Entry<String, DirectoryAttributes> e) ->
                    e.getKey().chars().filter(c -> c == '/').count())
            .reversed());
    try (RootFs fs = RootFs.open(root, MissingParents.FAIL)) {
      for (Map.Entry<String, DirectoryAttributes> dir : deepestFirst) {
        try (RootEntry entry = fs.entry(dir.getKey())) {
          if (entry.lstat().map(FileStat::isDirectory).orElse(false)) {
            entry.chmod(dir.getValue().mode());
            entry.setModified(dir.getValue().modified());
          }
        } catch (Failure e) {
          if (!gone(e)) {
            throw new PaasException(
                "Cannot set the mode and time of the directory /"
                    + RootFs.shown(dir.getKey())
                    + " of the image's file system: "
                    + e.getMessage(),
                e);
          }
        }
      }
    }
    directories.clear();
    if (skippedDevices > 0) {
      log.info(
          "Skipped "
              + skippedDevices
              + " device node(s) and FIFO(s) of the base image's layers: "
              + "the sandbox provides its own /dev");
    }
  }

  private void write(
      RootFs fs, TarArchiveInputStream tar, TarArchiveEntry entry, String name, String where)
      throws IOException, PaasException {
    if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      skippedDevices++;
      log.debug(where + ": device node or FIFO not created");
      return;
    }
    try (RootEntry target = fs.newEntry(name)) {
      if (entry.isDirectory()) {
        if (!target.lstat().map(FileStat::isDirectory).orElse(false)) {
          replace(target);
          target.mkdir(0755);
        }
        owner(target, entry);
        directories.put(
            name,
            new DirectoryAttributes(
                (int) (entry.getMode() & 07777), FileTime.from(entry.getModTime().toInstant())));
      } else if (entry.isSymbolicLink()) {
        replace(target);
        target.symlink(entry.getLinkName());
        owner(target, entry);
      } else if (entry.isLink()) {
        String linkName = RootPath.entryName(entry.getLinkName(), where);
        replace(target);
        hardLink(fs, target, linkName, where);
      } else if (entry.isFile()) {
        writeFile(tar, entry, target, where);
      } else {
        log.debug(where + ": entry type '" + (char) entry.getLinkFlag() + "' ignored");
      }
    }
  }

  private void writeFile(
      TarArchiveInputStream tar, TarArchiveEntry entry, RootEntry target, String where)
      throws IOException, PaasException {
    written += entry.getSize();
    if (written > maxBytes) {
      throw new PaasException(
          where
              + ": the image's file system is larger than the limit of "
              + maxBytes / (1024 * 1024)
              + " MiB for a sandboxed run (paas.run.maxRootfsSize); "
              + "raise it if the base image really is this large");
    }
    replace(target);
    try (NewFile out = target.createFile()) {
      long copied = tar.transferTo(out);
      if (copied != entry.getSize()) {
        throw new IOException("entry /" + target.name() + " is truncated");
      }
      recordOwner(target, entry);
      if (chown) {
        Owners.Id id = owners.hostId(entry.getLongUserId(), entry.getLongGroupId());
        out.setOwner(id.uid(), id.gid());
      }
      out.setMode((int) (entry.getMode() & 07777));
      out.setModified(FileTime.from(entry.getModTime().toInstant()));
    }
  }

  private static void hardLink(RootFs fs, RootEntry target, String linkName, String where)
      throws Failure, PaasException {
    try (RootEntry existing = fs.entry(linkName)) {
      if (existing.lstat().map(FileStat::isRegularFile).orElse(false)) {
        target.linkTo(existing);
        return;
      }
    } catch (Failure e) {
      if (!gone(e)) {
        throw e;
      }
    }
    throw new PaasException(
        where
            + " is a hard link to /"
            + RootFs.shown(linkName)
            + ", which is not a file "
            + "of the image (a hard link may only name a file its lower layers or this one wrote); "
            + "refused: the image is malformed or hostile");
  }

  // What is at a name goes before a layer's entry of that name takes its place; so do the
  // attributes recorded for the directories that were there.
  private void replace(RootEntry target) throws Failure {
    Optional<FileStat> existing = target.lstat();
    if (existing.isPresent()) {
      target.delete();
      if (existing.get().isDirectory()) {
        forgetDirectories(target.name());
      }
    }
  }

  private void owner(RootEntry target, TarArchiveEntry entry) throws Failure {
    recordOwner(target, entry);
    if (chown) {
      Owners.Id id = owners.hostId(entry.getLongUserId(), entry.getLongGroupId());
      target.chown(id.uid(), id.gid());
    }
  }

  private void recordOwner(RootEntry target, TarArchiveEntry entry) {
    if (owners.recordsUnpacked()) {
      owners.unpacked(target.realName(), entry.getLongUserId(), entry.getLongGroupId());
    }
  }

  private void whiteout(RootFs fs, String name, String hidden, Set<String> ownEntries, String where)
      throws Failure, PaasException {
    if (hidden.startsWith(WHITEOUT)) {
      // aufs's own files (.wh..wh.plnk and the like), which Docker skips too.
      log.debug(where + ": aufs metadata ignored");
      return;
    }
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw new PaasException(
          where
              + ": a whiteout must name a file of its directory, but this one "
              + "names '"
              + hidden
              + "'; refused. The image is malformed or hostile: rebuild it or choose "
              + "another base image");
    }
    String target = siblingOf(name, hidden);
    if (ownEntries.contains(target)) {
      return;
    }
    try (RootEntry entry = fs.entry(target)) {
      entry.delete();
    } catch (Failure e) {
      if (!gone(e)) {
        throw e;
      }
    }
    forgetDirectories(target);
  }

  private void emptyDirectory(RootFs fs, String name, Set<String> ownEntries) throws Failure {
    fs.deleteChildren(
        name, child -> ownEntries.contains(name.isEmpty() ? child : name + "/" + child));
    String prefix = name.isEmpty() ? "" : name + "/";
    directories
        .subMap(prefix, prefix + Character.MAX_VALUE)
        .keySet()
        .removeIf(
            dir -> {
              int slash = dir.indexOf('/', prefix.length());
              return !ownEntries.contains(slash < 0 ? dir : dir.substring(0, slash));
            });
  }

  // ('0' follows '/': the range holds every name under 'name/'.)
  private void forgetDirectories(String name) {
    directories.remove(name);
    directories.subMap(name + "/", name + "0").clear();
  }

  private static PaasException refused(String where, Failure e) {
    String reason =
        switch (e.errno()) {
          case Libc.ELOOP ->
              "Too many symbolic links while resolving /"
                  + RootFs.shown(e.name())
                  + " in the image's file system (a loop?), or a link to /proc's magic links";
          case Libc.EXDEV -> "resolving /" + RootFs.shown(e.name()) + " crosses a mount point";
          case Libc.ENAMETOOLONG -> "the name is too long for the file system";
          default -> e.getMessage();
        };
    return new PaasException(
        where
            + ": "
            + reason
            + "; refused. The image is malformed or hostile, "
            + "or the work directory's file system cannot hold it: choose another base image",
        e);
  }

  // A name whose directories are gone (or never were): there is nothing there.
  private static boolean gone(Failure e) {
    return e.errno() == Libc.ENOENT || e.errno() == Libc.ENOTDIR;
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
    TreeRemoval.deleteTree(path);
  }

  static InputStream maybeGunzip(InputStream buffered) throws IOException {
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
  }
}
