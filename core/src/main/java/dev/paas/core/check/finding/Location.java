package dev.paas.core.check.finding;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.paas.core.PrintableText;

/**
 * Where a finding is: a file in one of the image's layers, a place in the image's config, a file of
 * the project, or the image as a whole. Reports show {@link #text()}; SARIF also uses the parts.
 *
 * @param kind which of the four
 * @param layerIndex the layer's position, 0 for the lowest ({@link Kind#LAYER_FILE} only)
 * @param diffId the layer's diff_id ({@link Kind#LAYER_FILE} only)
 * @param path the absolute path in the image (inside archives {@code /a.jar!/b.properties}), the
 *     config key ({@code Env DB_PASSWORD}, {@code User}, {@code history[3]}), or the project file
 *     relative to the project
 * @param line 1-based, or 0 where lines do not apply
 * @param column 1-based, or 0
 */
public record Location(
    Kind kind, int layerIndex, String diffId, String path, int line, int column) {

  /** The kinds of place. */
  public enum Kind {
    LAYER_FILE,
    CONFIG,
    PROJECT_FILE,
    IMAGE
  }

  /** How long a finding's message or path may be in a report: 4096 characters, then cut. */
  public static final int MAX_TEXT = 4096;

  /** A file (at a line, or 0) in layer {@code index} whose diff_id is {@code diffId}. */
  public static Location inLayer(int index, String diffId, String path, int line) {
    return new Location(Kind.LAYER_FILE, index, diffId, path, line, 0);
  }

  /** A key of the image's config, e.g. {@code User}, {@code Env DB_PASSWORD}. */
  public static Location inConfig(String key) {
    return new Location(Kind.CONFIG, -1, "", key, 0, 0);
  }

  /** A file of the project, relative to it, at a line and column (or 0). */
  public static Location inProject(String relativePath, int line, int column) {
    return new Location(Kind.PROJECT_FILE, -1, "", relativePath, line, column);
  }

  /** The image as a whole (its layer list, its base). */
  public static Location image() {
    return new Location(Kind.IMAGE, -1, "", "", 0, 0);
  }

  /**
   * The place as one line: {@code layer 4 (sha256:0123456789ab) /etc/app.properties:12}, {@code
   * config Env DB_PASSWORD}, {@code k8s/deploy.yaml:12:9}, {@code image}.
   */
  @JsonValue
  public String text() {
    return switch (kind) {
      case LAYER_FILE ->
          "layer "
              + layerIndex
              + " ("
              + shortDigest(diffId)
              + ") "
              + path
              + (line > 0 ? ":" + line : "");
      case CONFIG -> "config " + path;
      case PROJECT_FILE -> path + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
      case IMAGE -> "image";
    };
  }

  /** The same place with its text from the image (a path, a key) made printable. */
  public Location printable() {
    return new Location(
        kind, layerIndex, PrintableText.of(diffId), PrintableText.of(path, MAX_TEXT), line, column);
  }

  @Override
  public String toString() {
    return text();
  }

  private static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
  }
}
