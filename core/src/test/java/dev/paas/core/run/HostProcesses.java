package dev.paas.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command lines of every process on the host, read from /proc (also those in containers). */
final class HostProcesses {
  private HostProcesses() {}

  static List<String> commandLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (var entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : entries) {
        try {
          byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
          lines.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException gone) {
          // The process ended meanwhile.
        }
      }
    }
    return lines;
  }
}
