package dev.paas.core.inventory;

import dev.paas.core.inventory.InstalledPackage.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads dpkg's {@code /var/lib/dpkg/status} and the per-package files of distroless images' {@code
 * /var/lib/dpkg/status.d/}: RFC 822-style paragraphs separated by blank lines, with continuation
 * lines that start with a space or tab.
 *
 * <p>A paragraph counts when its {@code Status} says the package is installed (the third word is
 * {@code installed} and the second {@code ok}, so {@code install ok installed} and held packages
 * {@code hold ok installed}), or when it has no {@code Status} at all, as in {@code status.d/}.
 */
public final class DpkgStatus {

  /** The evidence written into each package. */
  public static final String EVIDENCE = "dpkg-status";

  /** Reads {@code /var/lib/dpkg/status} and the package files of {@code status.d/}. */
  public static final InventoryReader READER =
      InventoryReader.of(DpkgStatus::isStatusFile, DpkgStatus::read);

  private static final String STATUS = "/var/lib/dpkg/status";
  private static final String STATUS_D = "/var/lib/dpkg/status.d/";

  private DpkgStatus() {}

  /**
   * Whether {@code path} (absolute in the image) is {@code /var/lib/dpkg/status} or a file directly
   * in {@code /var/lib/dpkg/status.d/} other than a {@code .md5sums} list.
   */
  public static boolean isStatusFile(String path) {
    String p = ImagePaths.absolute(path);
    if (p.equals(STATUS)) {
      return true;
    }
    if (!p.startsWith(STATUS_D)) {
      return false;
    }
    String name = p.substring(STATUS_D.length());
    return !name.isEmpty() && name.indexOf('/') < 0 && !name.endsWith(".md5sums");
  }

  /**
   * The installed packages of one status file.
   *
   * @param path the file's path in the image, written into each package and problem
   * @param content the file's bytes (UTF-8; bad bytes are replaced, not fatal)
   */
  public static PackageDatabases.Read read(String path, byte[] content) {
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.indexOf('\0') >= 0) {
      return new PackageDatabases.Read(
          List.of(),
          List.of(
              path
                  + " is not a readable dpkg status"
                  + " file: it holds binary data; the image's dpkg packages from it are not in the"
                  + " inventory"));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String last = null;
    int paragraphLine = 1;
    String[] lines = text.split("\\r?\\n", -1);
    for (int i = 0; i <= lines.length; i++) {
      String line = i < lines.length ? lines[i] : "";
      if (line.isBlank()) {
        if (!fields.isEmpty()) {
          add(path, paragraphLine, fields, packages, problems);
          fields.clear();
        }
        last = null;
        paragraphLine = i + 2;
        continue;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (last != null) {
          fields.merge(last, "\n" + line.strip(), String::concat);
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        problems.add(path + ":" + (i + 1) + " is not a 'Field: value' line; it is ignored");
        last = null;
        continue;
      }
      last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      fields.putIfAbsent(last, line.substring(colon + 1).strip());
    }
    return new PackageDatabases.Read(packages, problems);
  }

  private static void add(
      String path,
      int line,
      Map<String, String> fields,
      List<InstalledPackage> packages,
      List<String> problems) {
    String status = fields.get("status");
    if (status != null) {
      String[] words = status.strip().split("\\s+");
      if (words.length != 3 || !words[1].equals("ok") || !words[2].equals("installed")) {
        return;
      }
    }
    String name = fields.getOrDefault("package", "");
    String version = fields.getOrDefault("version", "");
    if (name.isEmpty() || version.isEmpty()) {
      problems.add(
          path
              + ":"
              + line
              + " describes an installed package without "
              + (name.isEmpty() ? "a Package name" : "a Version (package " + name + ")")
              + "; it is not in the inventory");
      return;
    }
    String sourceName = name;
    String sourceVersion = version;
    String source = fields.getOrDefault("source", "").strip();
    if (!source.isEmpty()) {
      int open = source.indexOf('(');
      if (open >= 0) {
        sourceName = source.substring(0, open).strip();
        int close = source.indexOf(')', open);
        String v = source.substring(open + 1, close < 0 ? source.length() : close).strip();
        if (!v.isEmpty()) {
          sourceVersion = v;
        }
      } else {
        sourceName = source;
      }
    }
    packages.add(
        new InstalledPackage(
            Kind.DPKG,
            name,
            version,
            sourceName,
            sourceVersion,
            fields.getOrDefault("architecture", ""),
            path,
            EVIDENCE));
  }
}
