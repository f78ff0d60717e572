package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveBudget;
import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.image.OciImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Decides what one file (in a layer or in an archive) is and reads as little of it as that needs:
 * nothing for a known binary format, the first 8 KiB for any other binary, the whole of an archive,
 * a keystore or a text file up to its cap.
 */
final class FileExaminer {
  /** Enough to see a NUL in any binary format and the magic of an archive or a keystore. */
  static final int SNIFF_BYTES = 8 * 1024;

  /**
   * A text file is read up to this: configuration and credential files are far smaller, and the
   * rare text file past it (a log, a data dump) is examined in its first 5 MiB only.
   */
  static final int MAX_TEXT_BYTES = 5 * 1024 * 1024;

  /** Formats that cannot hold a readable secret, known from the name so not even sniffed. */
  private static final Set<String> BINARY_EXTENSIONS =
      Set.of(
          "so", "a", "o", "gz", "xz", "bz2", "zst", "lz4", "lzma", "png", "jpg", "jpeg", "gif",
          "ico", "webp", "bmp", "tif", "tiff", "mo", "class", "pyc", "pyo", "ttf", "otf", "woff",
          "woff2", "pfb", "pcf", "mp3", "ogg", "wav", "deb", "rpm", "bin", "dat", "db", "sqlite",
          "ko", "elc", "jsa", "cache", "sig");

  private static final Set<String> ARCHIVE_EXTENSIONS = Set.of("jar", "war", "ear", "zip");

  private static final Set<String> CONFIG_EXTENSIONS =
      Set.of(
          "properties",
          "yml",
          "yaml",
          "xml",
          "json",
          "env",
          "conf",
          "cfg",
          "ini",
          "toml",
          "cnf",
          "config",
          "tfvars",
          "tf",
          "hcl");

  private final ArchiveLimits limits;
  private final SecretRules rules;
  private final ArchiveExaminer archives = new ArchiveExaminer(this);

  FileExaminer(ArchiveLimits limits, SecretRules rules) {
    this.limits = limits;
    this.rules = rules;
  }

  ArchiveLimits limits() {
    return limits;
  }

  /**
   * Examines the file at {@code path}.
   *
   * @param size its size, or -1 where an archive does not say
   * @param depth how many archives it is inside
   * @param budget the enclosing archive's budget, or null for a file in a layer
   */
  void examine(
      String path, long size, InputStream in, int depth, ArchiveBudget budget, MatchList out)
      throws IOException {
    if (size == 0) {
      return;
    }
    if (isRuledOutByName(path)) {
      return;
    }
    PathRules.find(rules, path, out);
    String name = nameOf(path);
    String extension = extensionOf(name);
    byte[] head = new byte[(int) (size < 0 ? SNIFF_BYTES : Math.min(size, SNIFF_BYTES))];
    int headLength = in.readNBytes(head, 0, head.length);
    boolean zipMagic =
        headLength >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    if (zipMagic) {
      // the zip reader reads in small pieces; each would otherwise cross the tar and gzip streams
      InputStream whole =
          new BufferedInputStream(
              new SequenceInputStream(new ByteArrayInputStream(head, 0, headLength), in), 1 << 16);
      archives.examine(path, size, whole, depth + 1, budget, out, limits);
      return;
    }
    if (ARCHIVE_EXTENSIONS.contains(extension)) {
      boolean emptyZip =
          headLength >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 5 && head[3] == 6;
      if (!emptyZip) {
        out.addProblem(
            "archive-unreadable", "an archive that is not in zip format", path, "not-zip");
      }
      return;
    }
    if (rules.detects("keystore")
        && (KeystoreInspector.isKeystoreName(name)
            || name.equals("cacerts")
            || KeystoreInspector.hasKeystoreMagic(head, headLength))) {
      examineKeystore(path, name, size, head, headLength, in, out);
      return;
    }
    if (indexOfNul(head, headLength) >= 0) {
      return;
    }
    byte[] text = readRest(head, headLength, MAX_TEXT_BYTES, in);
    CredentialFile credentials = rules.detects("credential-file") ? CredentialFile.of(path) : null;
    if (credentials != null) {
      credentials.find(new String(text, StandardCharsets.UTF_8), path, out);
    }
    boolean config = credentials == null && isConfig(name, extension);
    TextScanner.scan(rules, text, text.length, path, config, out);
  }

  /** The head and as much of the rest as {@code cap} allows, as one array. */
  private static byte[] readRest(byte[] head, int headLength, int cap, InputStream in)
      throws IOException {
    if (headLength < head.length) {
      return Arrays.copyOf(head, headLength);
    }
    byte[] rest = in.readNBytes(cap - headLength);
    byte[] all = Arrays.copyOf(head, headLength + rest.length);
    System.arraycopy(rest, 0, all, headLength, rest.length);
    return all;
  }

  private void examineKeystore(
      String path,
      String name,
      long size,
      byte[] head,
      int headLength,
      InputStream in,
      MatchList out)
      throws IOException {
    if (size > KeystoreInspector.MAX_BYTES) {
      return;
    }
    byte[] all = readRest(head, headLength, KeystoreInspector.MAX_BYTES, in);
    String digest = OciImage.sha256(all);
    switch (KeystoreInspector.inspect(all, all.length)) {
      case KEY ->
          out.add(
              "credential-file",
              "a keystore holding a private or secret key",
              path,
              0,
              digest,
              "(keystore)");
      case UNREADABLE -> {
        if (KeystoreInspector.unreadableIsSuspect(name)) {
          out.add(
              "credential-file",
              "a keystore that could not be read without its password and may hold a key",
              path,
              0,
              digest,
              "(keystore)");
        }
      }
      case CERTIFICATES_ONLY -> {
        // a trust store: public certificates are not secrets
      }
    }
  }

  /** Whether the name alone says the file holds nothing readable: a class, a library, an image. */
  static boolean isRuledOutByName(String path) {
    String name = nameOf(path);
    return BINARY_EXTENSIONS.contains(extensionOf(name)) || isSharedLibrary(name);
  }

  private static String nameOf(String path) {
    return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
  }

  static boolean isConfig(String name, String extension) {
    return CONFIG_EXTENSIONS.contains(extension)
        || name.equals(".env")
        || name.startsWith(".env.")
        || name.endsWith("rc") && name.startsWith(".");
  }

  private static String extensionOf(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** {@code libfoo.so.1.2.3}: its extension is a version number. */
  private static boolean isSharedLibrary(String name) {
    return name.contains(".so.");
  }

  private static int indexOfNul(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
