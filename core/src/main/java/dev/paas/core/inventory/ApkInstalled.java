package dev.paas.core.inventory;

import dev.paas.core.inventory.InstalledPackage.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads apk's {@code /lib/apk/db/installed}: one record per package, separated by blank lines, each
 * line a one-letter key, a colon and a value ({@code P:} name, {@code V:} version, {@code A:}
 * architecture, {@code o:} origin, the source package). The other keys (files, checksums,
 * dependencies) are skipped.
 */
public final class ApkInstalled {

  /** The evidence written into each package. */
  public static final String EVIDENCE = "apk-installed";

  /** Where apk keeps its database. */
  public static final String PATH = "/lib/apk/db/installed";

  /** Reads {@value #PATH}. */
  public static final InventoryReader READER =
      InventoryReader.of(path -> ImagePaths.absolute(path).equals(PATH), ApkInstalled::read);

  private ApkInstalled() {}

  /**
   * The packages of one installed database.
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
                  + " is not a readable apk"
                  + " database: it holds binary data; the image's apk packages are not in the inventory"));
    }
    String name = "";
    String version = "";
    String arch = "";
    String origin = "";
    boolean any = false;
    int recordLine = 1;
    String[] lines = text.split("\\r?\\n", -1);
    for (int i = 0; i <= lines.length; i++) {
      String line = i < lines.length ? lines[i] : "";
      if (line.isBlank()) {
        if (any) {
          if (name.isEmpty() || version.isEmpty()) {
            problems.add(
                path
                    + ":"
                    + recordLine
                    + " describes a package without "
                    + (name.isEmpty() ? "a name (P:)" : "a version (V:) for " + name)
                    + "; it is not in the inventory");
          } else {
            packages.add(
                new InstalledPackage(
                    Kind.APK, name, version, origin, version, arch, path, EVIDENCE));
          }
        }
        name = "";
        version = "";
        arch = "";
        origin = "";
        any = false;
        recordLine = i + 2;
        continue;
      }
      any = true;
      if (line.length() < 2 || line.charAt(1) != ':') {
        continue;
      }
      String value = line.substring(2).strip();
      switch (line.charAt(0)) {
        case 'P' -> name = value;
        case 'V' -> version = value;
        case 'A' -> arch = value;
        case 'o' -> origin = value;
        default -> {}
      }
    }
    return new PackageDatabases.Read(packages, problems);
  }
}
