package dev.paas.core.check.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contract report {@code <name>.json}: what other tools and the push gate read. */
public final class JsonReport {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern LAYER =
      Pattern.compile("layer (\\d{1,9}) \\(([^)]*)\\) (.*?)(?::(\\d{1,9}))?");
  private static final Pattern PROJECT = Pattern.compile("(.*?)(?::(\\d{1,9})(?::(\\d{1,9}))?)?");

  private JsonReport() {}

  /** Writes the report whole or not at all. */
  public static void write(CheckReport report, Path file) throws IOException {
    AtomicFile.write(file, out -> JSON.writeValue(out, report));
  }

  /**
   * Reads a report back, named after its file; rules and notes are not in the file, so empty.
   *
   * @throws IOException when the file cannot be read or is not a check report
   */
  public static CheckReport read(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    String name =
        fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw malformed(file, "not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed(file, "not a JSON object");
    }
    JsonNode findings = root.get("findings");
    if (findings == null || !findings.isArray()) {
      throw malformed(file, "no \"findings\" array");
    }
    List<ReportedFinding> read = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      read.add(finding(file, i, findings.get(i)));
    }
    return new CheckReport(
        name,
        text(file, "", root, "image"),
        text(file, "", root, "digest"),
        read,
        List.of(),
        List.of());
  }

  private static ReportedFinding finding(Path file, int index, JsonNode node) throws IOException {
    String where = "findings[" + index + "].";
    if (!node.isObject()) {
      throw malformed(file, where.substring(0, where.length() - 1) + " is not an object");
    }
    String severity = text(file, where, node, "severity");
    if (!severity.equals("error") && !severity.equals("warn")) {
      throw malformed(file, where + "severity is '" + severity + "', not error or warn");
    }
    JsonNode waived = node.get("waived");
    if (waived == null || !waived.isBoolean()) {
      throw malformed(file, where + "waived is missing or not true/false");
    }
    return new ReportedFinding(
        text(file, where, node, "rule"),
        text(file, where, node, "id"),
        severity,
        text(file, where, node, "message"),
        location(text(file, where, node, "location")),
        text(file, where, node, "fingerprint"),
        waived.booleanValue());
  }

  private static String text(Path file, String where, JsonNode node, String field)
      throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed(file, where + field + " is missing or not a string");
    }
    return value.textValue();
  }

  // The file keeps only the location's one line; parse it back so that text() gives it again.
  static Location location(String text) {
    if (text.equals("image")) {
      return Location.image();
    }
    if (text.startsWith("config ")) {
      return Location.inConfig(text.substring("config ".length()));
    }
    Matcher layer = LAYER.matcher(text);
    if (layer.matches()) {
      return Location.inLayer(
          Integer.parseInt(layer.group(1)),
          layer.group(2),
          layer.group(3),
          layer.group(4) == null ? 0 : Integer.parseInt(layer.group(4)));
    }
    Matcher project = PROJECT.matcher(text);
    project.matches();
    return Location.inProject(
        project.group(1),
        project.group(2) == null ? 0 : Integer.parseInt(project.group(2)),
        project.group(3) == null ? 0 : Integer.parseInt(project.group(3)));
  }

  private static IOException malformed(Path file, String problem) {
    return new IOException(
        file
            + " is not a paas:check report: "
            + problem
            + "; run mvn paas:check again to write it anew");
  }
}
