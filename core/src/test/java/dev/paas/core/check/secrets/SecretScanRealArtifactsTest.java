package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The false-positive corpus of real artifacts: the jars of a typical Spring Boot application
 * (core's pom names them as test dependencies; every jar on the test class path is scanned) and
 * this machine's Debian + JDK ({@code /usr/lib/jvm}, {@code /etc}, {@code /usr/share}, what the
 * official base is made of) must yield no finding. A finding is printed with the rule that made
 * it, so the rule can be fixed.
 */
class SecretScanRealArtifactsTest {
  private final SecretScanner scanner = new SecretScanner(ArchiveLimits.DEFAULT);

  @Test
  void findsNothingInTheJarsOfASpringBootApplication() throws IOException {
    List<Path> jars = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar")).map(Path::of).filter(Files::isRegularFile)
        .toList();
    assertThat(jars).anyMatch(j -> j.getFileName().toString().startsWith("spring-boot-actuator-"))
        .anyMatch(j -> j.getFileName().toString().startsWith("HdrHistogram-2.2.2"))
        .anyMatch(j -> j.getFileName().toString().startsWith("h2-"));

    List<SecretMatch> found = new ArrayList<>();
    for (Path jar : jars) {
      found.addAll(scan("/app/libs/" + jar.getFileName(), jar));
    }

    found.forEach(m -> System.out.println("false positive: " + m));
    assertThat(found).isEmpty();
  }

  @Test
  void findsNothingInTheDebianAndJdkOfThisMachine() throws IOException {
    long start = System.nanoTime();
    List<SecretMatch> found = new ArrayList<>();
    int[] files = {0};
    for (String root : List.of("/usr/lib/jvm", "/etc", "/usr/share")) {
      try (Stream<Path> walk = Files.walk(Path.of(root))) {
        for (Path file : (Iterable<Path>) walk::iterator) {
          BasicFileAttributes attributes;
          try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
          } catch (IOException e) {
            continue;
          }
          if (attributes.isRegularFile() && Files.isReadable(file)) {
            files[0]++;
            found.addAll(scan(file.toString(), file));
          }
        }
      }
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    found.forEach(m -> System.out.println("false positive: " + m));
    System.out.println(files[0] + " files of this machine scanned in " + seconds + " s");
    assertThat(files[0]).isGreaterThan(10_000);
    assertThat(found).isEmpty();
    assertThat(seconds).as("the scan of this machine's files stays bounded").isLessThan(300);
  }

  private List<SecretMatch> scan(String path, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return scanner.scanFile(path, Files.size(file), in);
    }
  }
}
