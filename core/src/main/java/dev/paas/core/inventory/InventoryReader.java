package dev.paas.core.inventory;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One format in which an image's files list installed packages (a package manager's database, a
 * Java archive, {@code paas:build}'s record): which files it reads, and how. The formats read here
 * are listed once, in {@link InventoryReaders}; a new format is one new class added there.
 */
public interface InventoryReader {

  /** Whether the file at {@code path} (absolute in the image) is one this reader reads whole. */
  boolean wants(String path);

  /**
   * The packages the file lists and what could not be read, each a sentence naming the file. Bad
   * data is never thrown: it is a problem in the result, and every package that could be read is
   * kept.
   *
   * @param path the file's absolute path in the image, written into each package and problem
   * @param content the file's bytes
   */
  PackageDatabases.Read read(String path, byte[] content);

  /** The reader of the files {@code wants} accepts, read by {@code read}. */
  static InventoryReader of(
      Predicate<String> wants, BiFunction<String, byte[], PackageDatabases.Read> read) {
    Objects.requireNonNull(wants, "wants");
    Objects.requireNonNull(read, "read");
    return new InventoryReader() {
      @Override
      public boolean wants(String path) {
        return wants.test(path);
      }

      @Override
      public PackageDatabases.Read read(String path, byte[] content) {
        return read.apply(path, content);
      }
    };
  }
}
