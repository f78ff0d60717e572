package dev.paas.core.inventory;

/** Paths in an image as the readers compare them: absolute, without a leading {@code ./}. */
final class ImagePaths {
  private ImagePaths() {}

  /** {@code path} absolute: {@code ./var/lib/dpkg/status} → {@code /var/lib/dpkg/status}. */
  static String absolute(String path) {
    String p = path;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p.startsWith("/") ? p : "/" + p;
  }
}
