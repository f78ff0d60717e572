package dev.paas.core.image;

import dev.paas.core.PrintableText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Read access to the files of an OCI layout, a directory ({@code oci:}) or a tar of one ({@code
 * oci-archive:}), by their path inside it. Only plain files are read: a name that is a link, a
 * FIFO, a device or a directory is refused before it is opened, never followed or waited on; a
 * missing one is a {@link NoSuchFileException}.
 */
interface LayoutStore extends AutoCloseable {
  /** The size of the plain file {@code name}, checked to be one. */
  long size(String name) throws IOException;

  /** Opens the plain file {@code name}; it is read as it is, never past its size. */
  InputStream open(String name) throws IOException;

  /** Where the plain file {@code name}'s bytes are, as a range of a file on disk. */
  Optional<ProvenBlobs.Range> range(String name) throws IOException;

  @Override
  void close() throws IOException;

  /** The layout directory {@code dir}. */
  static LayoutStore directory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    return new LayoutStore() {
      @Override
      public long size(String name) throws IOException {
        return plainFile(dir, name).size();
      }

      @Override
      public InputStream open(String name) throws IOException {
        plainFile(dir, name);
        // O_NOFOLLOW: a link put in its place since the check above is not followed either.
        return Channels.newInputStream(
            Files.newByteChannel(
                dir.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      }

      @Override
      public Optional<ProvenBlobs.Range> range(String name) throws IOException {
        return Optional.of(
            new ProvenBlobs.Range(dir.resolve(name), 0, plainFile(dir, name).size()));
      }

      @Override
      public void close() {}
    };
  }

  /** The layout in the tar {@code file}. */
  static LayoutStore tar(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    TarFile tar = new TarFile(file);
    Map<String, TarArchiveEntry> entries = new HashMap<>();
    try {
      for (TarArchiveEntry entry : tar.getEntries()) {
        entries.putIfAbsent(entryName(entry), entry);
      }
    } catch (RuntimeException e) {
      tar.close();
      throw e;
    }
    return new LayoutStore() {
      @Override
      public long size(String name) throws IOException {
        return plainEntry(file, entries, name).getSize();
      }

      @Override
      public InputStream open(String name) throws IOException {
        return OciImage.entryStream(file, tar, plainEntry(file, entries, name));
      }

      @Override
      public Optional<ProvenBlobs.Range> range(String name) throws IOException {
        return OciImage.entryRange(file, plainEntry(file, entries, name));
      }

      @Override
      public void close() throws IOException {
        tar.close();
      }
    };
  }

  /** A tar entry's name without a leading {@code ./}. */
  static String entryName(TarArchiveEntry entry) {
    return entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
  }

  /** Whether a tar entry is a regular file: not a link, device, FIFO or directory. */
  static boolean isPlain(TarArchiveEntry entry) {
    byte flag = entry.getLinkFlag();
    return (flag == TarConstants.LF_NORMAL
            || flag == TarConstants.LF_OLDNORM
            || flag == TarConstants.LF_CONTIG)
        && !entry.getName().endsWith("/")
        && !entry.isSparse();
  }

  private static TarArchiveEntry plainEntry(
      Path file, Map<String, TarArchiveEntry> entries, String name) throws IOException {
    TarArchiveEntry entry = entries.get(name);
    if (entry == null) {
      throw new NoSuchFileException(file + "!" + name);
    }
    if (!isPlain(entry)) {
      throw new IOException(
          file
              + "!"
              + name
              + " is "
              + kind(entry)
              + ", not a plain file: an image "
              + "layout holds its blobs as plain files, so this one is refused");
    }
    return entry;
  }

  private static String kind(TarArchiveEntry entry) {
    if (entry.isSymbolicLink()) {
      return "a symbolic link to " + PrintableText.of(entry.getLinkName(), 1024);
    }
    if (entry.isLink()) {
      return "a hard link to " + PrintableText.of(entry.getLinkName(), 1024);
    }
    if (entry.isDirectory()) {
      return "a directory";
    }
    if (entry.isFIFO()) {
      return "a FIFO";
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      return "a device";
    }
    return "a tar entry of type '"
        + PrintableText.of(String.valueOf((char) entry.getLinkFlag()))
        + "'";
  }

  /**
   * The attributes of {@code dir/name}, checked without following any link on the way: every
   * directory under the layout must be a directory and the file a regular file.
   */
  private static BasicFileAttributes plainFile(Path dir, String name) throws IOException {
    Path current = dir;
    String[] parts = name.split("/");
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty() || parts[i].equals(".") || parts[i].equals("..")) {
        throw new IOException(dir + ": '" + name + "' is not a path inside the layout");
      }
      current = current.resolve(parts[i]);
      BasicFileAttributes attributes =
          Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      boolean last = i == parts.length - 1;
      if (last ? !attributes.isRegularFile() : !attributes.isDirectory()) {
        throw new IOException(
            current
                + " is "
                + kind(current, attributes)
                + ", not a plain "
                + (last ? "file" : "directory")
                + ": an image layout holds only plain files and "
                + "directories, and links are never followed; refused");
      }
      if (last) {
        return attributes;
      }
    }
    throw new IOException(dir + ": '" + name + "' is not a path inside the layout");
  }

  private static String kind(Path path, BasicFileAttributes attributes) throws IOException {
    if (attributes.isSymbolicLink()) {
      return "a symbolic link to "
          + PrintableText.of(Files.readSymbolicLink(path).toString(), 1024);
    }
    if (attributes.isDirectory()) {
      return "a directory";
    }
    if (attributes.isRegularFile()) {
      return "a regular file";
    }
    return "a FIFO, socket or device";
  }
}
