package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveLimits;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The false-positive corpus of real artifacts, scanned once per test run with the built-in rules:
 * the jars on the test class path (core's pom names a Spring Boot application's as test
 * dependencies) and this machine's Debian + JDK files.
 */
final class RealArtifacts {
  private RealArtifacts() {}

  /** What a scan of a corpus found, and how much it read. */
  record Scan(List<Path> files, List<SecretMatch> matches, long millis) {}

  private static Scan jars;
  private static Scan machine;

  static synchronized Scan springBootJars() {
    if (jars == null) {
      List<Path> files =
          Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
              .filter(entry -> entry.endsWith(".jar"))
              .map(Path::of)
              .filter(Files::isRegularFile)
              .toList();
      jars = scan(files, file -> "/app/libs/" + file.getFileName());
    }
    return jars;
  }

  static synchronized Scan debianAndJdk() {
    if (machine == null) {
      List<Path> files = new ArrayList<>();
      for (String root : List.of("/usr/lib/jvm", "/etc", "/usr/share")) {
        try (Stream<Path> walk = Files.walk(Path.of(root))) {
          walk.filter(RealArtifacts::isReadableRegularFile).forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      machine = scan(files, Path::toString);
    }
    return machine;
  }

  private static boolean isReadableRegularFile(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .isRegularFile()
          && Files.isReadable(file);
    } catch (IOException e) {
      return false;
    }
  }

  private static Scan scan(List<Path> files, Function<Path, String> pathInImage) {
    SecretScanner scanner = new SecretScanner(ArchiveLimits.DEFAULT);
    long start = System.nanoTime();
    List<SecretMatch> matches = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        matches.addAll(scanner.scanFile(pathInImage.apply(file), Files.size(file), in));
      } catch (IOException e) {
        // a file that vanished or cannot be read is not part of the corpus
      }
    }
    return new Scan(files, matches, (System.nanoTime() - start) / 1_000_000);
  }
}
