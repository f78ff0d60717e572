package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the scanner on in-memory files for the tests. */
final class Scans {
  private Scans() {}

  static final SecretScanner SCANNER = new SecretScanner(ArchiveLimits.DEFAULT);

  static List<SecretMatch> file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  static List<SecretMatch> file(String path, byte[] content) {
    return file(SCANNER, path, content);
  }

  static List<SecretMatch> file(SecretScanner scanner, String path, byte[] content) {
    try {
      return scanner.scanFile(path, content.length, new ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> kinds(List<SecretMatch> matches) {
    return matches.stream().map(SecretMatch::kind).toList();
  }
}
