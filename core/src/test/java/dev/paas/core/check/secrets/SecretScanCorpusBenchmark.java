package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Times the secret scan over a large text corpus on this machine (by default {@code /usr/share} and
 * {@code /usr/lib/jvm}: documentation, scripts, configuration, jars), a few rounds, so the
 * scanner's speed can be compared before and after a change. Run with {@code java -cp
 * core/target/classes:core/target/test-classes:<deps>
 * dev.paas.core.check.secrets.SecretScanCorpusBenchmark [DIR...]}.
 */
public final class SecretScanCorpusBenchmark {
  private SecretScanCorpusBenchmark() {}

  public static void main(String[] args) throws IOException {
    String[] roots = args.length > 0 ? args : new String[] {"/usr/share", "/usr/lib/jvm"};
    SecretScanner scanner = new SecretScanner(ArchiveLimits.DEFAULT);
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      long bytes = 0;
      int files = 0;
      int matches = 0;
      for (String root : roots) {
        try (Stream<Path> walk = Files.walk(Path.of(root))) {
          for (Path file : (Iterable<Path>) walk::iterator) {
            BasicFileAttributes a;
            try {
              a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
              continue;
            }
            if (a.isRegularFile() && Files.isReadable(file)) {
              files++;
              bytes += a.size();
              try (InputStream in = Files.newInputStream(file)) {
                matches += scanner.scanFile(file.toString(), a.size(), in).size();
              }
            }
          }
        }
      }
      System.out.printf(
          "round %d: %d files, %d MB in %d ms, %d matches%n",
          round, files, bytes >> 20, (System.nanoTime() - start) / 1_000_000, matches);
    }
  }
}
