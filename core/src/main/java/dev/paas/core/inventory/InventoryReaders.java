package dev.paas.core.inventory;

import dev.paas.core.archive.ArchiveLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Formats of installed packages offered an image's files in turn: the first reader that wants a
 * file reads it. {@link #all} is the one list of every format read here.
 *
 * @param readers the readers, in the order a file is offered to them
 */
public record InventoryReaders(List<InventoryReader> readers) {

  public InventoryReaders {
    readers = List.copyOf(readers);
  }

  /**
   * Every format read here: {@code paas:build}'s record of libraries, the OS package databases
   * ({@link PackageDatabases#READERS}), and Java archives, identified within {@code limits}.
   */
  public static InventoryReaders all(ArchiveLimits limits) {
    List<InventoryReader> all = new ArrayList<>();
    all.add(BuildRecord.READER);
    all.addAll(PackageDatabases.READERS.readers());
    all.add(new JavaLibraries(limits));
    return new InventoryReaders(all);
  }

  /** Whether one of the readers reads the file at {@code path} (absolute in the image). */
  public boolean wants(String path) {
    for (InventoryReader reader : readers) {
      if (reader.wants(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The file read by the first reader that wants it, or empty where none does. A reader's own
   * failure is a problem in the result, not an exception.
   *
   * @param path the file's path in the image; read as an absolute path ({@code ./} dropped)
   */
  public Optional<PackageDatabases.Read> read(String path, byte[] content) {
    for (InventoryReader reader : readers) {
      if (reader.wants(path)) {
        String absolute = ImagePaths.absolute(path);
        try {
          return Optional.of(reader.read(absolute, content));
        } catch (RuntimeException e) {
          // A parser bug must not cost the rest of the image's inventory.
          return Optional.of(
              new PackageDatabases.Read(
                  List.of(),
                  List.of(
                      absolute
                          + " could not be read as a package database ("
                          + e
                          + "); its packages are not in"
                          + " the inventory: report this as a bug")));
        }
      }
    }
    return Optional.empty();
  }
}
