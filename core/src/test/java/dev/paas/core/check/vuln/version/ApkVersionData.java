package dev.paas.core.check.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** apk-tools' own {@code test/version.data}, checked against an order line by line. */
final class ApkVersionData {
  private ApkVersionData() {}

  /** The lines {@code order} gets wrong, in either direction; asserts that the file is whole. */
  static List<String> disagreements(VersionScheme order) throws IOException {
    String text;
    try (InputStream in =
        ApkVersionData.class.getResourceAsStream("/version/apk-tools-version.data")) {
      assertThat(in).as("apk-tools-version.data on the test class path").isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> wrong = new ArrayList<>();
    int cases = 0;
    for (String line : text.strip().split("\n")) {
      String[] parts = line.replaceAll("#.*", "").strip().split("\\s+");
      assertThat(parts).as(line).hasSize(3);
      int expected =
          switch (parts[1]) {
            case "<" -> -1;
            case ">" -> 1;
            case "=" -> 0;
            default -> throw new AssertionError("operator in " + line);
          };
      cases++;
      if (Integer.signum(order.compare(parts[0], parts[2])) != expected) {
        wrong.add(line);
      }
      if (Integer.signum(order.compare(parts[2], parts[0])) != -expected) {
        wrong.add(line + " (reversed)");
      }
    }
    assertThat(cases).isEqualTo(733);
    return wrong;
  }
}
