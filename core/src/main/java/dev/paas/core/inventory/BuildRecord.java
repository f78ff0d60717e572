package dev.paas.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file in which {@code paas:build} records the libraries it puts in an image, at {@value
 * #PATH}: {@code {"libraries":[{"file","coordinates","sha256"}]}}, one entry per jar, each with the
 * coordinates the build resolved it as ({@code group:artifact:version}) and the SHA-256 of its
 * bytes. {@code paas:check} takes a jar whose bytes have a recorded SHA-256 for what the record
 * says; a jar whose bytes changed is identified afresh.
 */
public final class BuildRecord {
  /** Where the record is in the image: in the application's classes layer, under the app root. */
  public static final String PATH = "/app/classes/META-INF/paas/libraries.json";

  /** Its path under a classes directory. */
  public static final String RELATIVE_PATH = "META-INF/paas/libraries.json";

  /** The evidence of the record's entries while they are read, and of the jars it identifies. */
  public static final String EVIDENCE = "build-record";

  /** Reads the record at {@value #PATH}. */
  public static final InventoryReader READER =
      InventoryReader.of(BuildRecord::isRecord, BuildRecord::read);

  private static final int MAX_BYTES = 4 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One library as the build resolved it. */
  public record Library(String file, String coordinates, String sha256) {}

  private BuildRecord() {}

  /**
   * The record's bytes for {@code libraries}, sorted so that the same build writes the same file.
   */
  public static byte[] write(List<Library> libraries) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("libraries");
    libraries.stream()
        .sorted(Comparator.comparing(Library::file).thenComparing(Library::sha256))
        .forEach(
            l ->
                array
                    .addObject()
                    .put("file", l.file())
                    .put("coordinates", l.coordinates())
                    .put("sha256", l.sha256()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /**
   * The record's entries as packages of {@code path}, evidence {@value #EVIDENCE}, named {@code
   * group:artifact} with their SHA-256; malformed entries are left out.
   */
  public static PackageDatabases.Read read(String path, byte[] content) {
    if (content.length > MAX_BYTES) {
      return new PackageDatabases.Read(
          List.of(),
          List.of(
              path
                  + " is larger than "
                  + MAX_BYTES
                  + " bytes and is not read as paas:build's record of libraries"));
    }
    JsonNode root;
    try {
      root = JSON.readTree(new String(content, StandardCharsets.UTF_8));
    } catch (IOException e) {
      String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      return new PackageDatabases.Read(
          List.of(),
          List.of(
              path
                  + " is not paas:build's record of"
                  + " libraries (not JSON: "
                  + reason
                  + "); its jars are identified afresh"));
    }
    List<InstalledPackage> out = new ArrayList<>();
    for (JsonNode entry : root.path("libraries")) {
      String coordinates = entry.path("coordinates").asText("");
      String sha256 = entry.path("sha256").asText("");
      String[] parts = coordinates.split(":");
      if (parts.length != 3
          || !sha256.matches("[0-9a-f]{64}")
          || List.of(parts).stream().anyMatch(String::isBlank)) {
        continue;
      }
      out.add(
          new InstalledPackage(
              InstalledPackage.Kind.MAVEN,
              parts[0] + ":" + parts[1],
              parts[2],
              "",
              "",
              "",
              path,
              EVIDENCE,
              "",
              sha256));
    }
    return new PackageDatabases.Read(out, List.of());
  }

  /** Whether {@code path} (absolute in the image) is the record. */
  public static boolean isRecord(String path) {
    return ImagePaths.absolute(path).equals(PATH);
  }

  /** The record's entries in {@code packages}, by SHA-256. */
  static Map<String, InstalledPackage> bySha256(List<InstalledPackage> records) {
    Map<String, InstalledPackage> out = new HashMap<>();
    for (InstalledPackage r : records) {
      out.putIfAbsent(r.sha256(), r);
    }
    return out;
  }
}
