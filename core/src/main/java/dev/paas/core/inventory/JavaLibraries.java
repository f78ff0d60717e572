package dev.paas.core.inventory;

import dev.paas.core.archive.ArchiveBudget;
import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.archive.CountingInput;
import dev.paas.core.archive.LimitExceeded;
import dev.paas.core.archive.MeteredEntry;
import dev.paas.core.archive.ZipArchives;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Identifies the Java libraries in a jar (or war, ear, rar, Jenkins plugin) and in the archives
 * nested in it, within {@link ArchiveLimits}: only the metadata entries and the nested archives are
 * inflated, never a class.
 *
 * <p>Each archive is identified by, in this order:
 *
 * <ol>
 *   <li>every {@code META-INF/maven/<groupId>/<artifactId>/pom.properties} with a version: one
 *       library each (a shaded jar holds several; a war's or a fat jar's own one describes the
 *       application, which is listed too), evidence {@code pom.properties};
 *   <li>else its {@code META-INF/MANIFEST.MF}, evidence {@code manifest}: the version is {@code
 *       Implementation-Version}, else {@code Bundle-Version}. The artifact is the one the file name
 *       gives ({@code commons-text-1.9.jar}), since {@code Implementation-Title} is usually a
 *       display name ("Apache Commons Text"); without one, a title that is a single word, else
 *       {@code Bundle-SymbolicName}. The group is {@code Implementation-Vendor-Id}; else, when
 *       {@code Bundle-SymbolicName} is {@code <group>.<artifact>} (the Apache and Bnd habit, {@code
 *       org.apache.commons.commons-text}), its prefix; else, where {@code Bundle-SymbolicName} or
 *       {@code Automatic-Module-Name} is one {@link ModuleNames} knows ({@code spring.core}), the
 *       coordinates it maps to; else none, and the name is {@code :<artifact>};
 *   <li>else its file name, {@code <artifact>-<version>.<ext>}, the version starting at the first
 *       {@code -} followed by a digit: name {@code :<artifact>}, evidence {@code file-name}.
 * </ol>
 *
 * <p>An archive identified as one library carries its SHA-1 and SHA-256, with which {@link
 * JavaLibraryIdentities} finds it in a local Maven repository after the layer scan.
 *
 * <p>An archive that cannot be read, or that goes past a limit, is a problem sentence naming it;
 * what was found before is kept.
 */
public final class JavaLibraries implements InventoryReader {
  /** A manifest or pom.properties larger than this is not metadata worth reading. */
  private static final int MAX_METADATA_BYTES = 1 << 20;

  private static final Pattern POM_PROPERTIES =
      Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");

  private static final Pattern FILE_NAME = Pattern.compile("(.+?)-(\\d.*)");

  private static final List<String> EXTENSIONS =
      List.of(".jar", ".war", ".ear", ".rar", ".hpi", ".jpi", ".par");

  private final ArchiveLimits limits;

  /** Identifies within {@link ArchiveLimits#DEFAULT}. */
  public JavaLibraries() {
    this(ArchiveLimits.DEFAULT);
  }

  /** Identifies within the given limits, the secret scanner's own: depth, entries, bytes. */
  public JavaLibraries(ArchiveLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * What one archive holds.
   *
   * @param libraries each library once per (name, version, path), in the order found
   * @param problems what could not be read, each a sentence naming the archive
   */
  public record Read(List<InstalledPackage> libraries, List<String> problems) {

    public Read {
      libraries = List.copyOf(libraries);
      problems = List.copyOf(problems);
    }
  }

  /** Whether a file's name makes it a Java archive worth identifying. */
  public static boolean isCandidate(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  @Override
  public boolean wants(String path) {
    return isCandidate(path);
  }

  /** The libraries {@link #identify} finds, as packages of the archive. */
  @Override
  public PackageDatabases.Read read(String path, byte[] content) {
    Read read = identify(path, content);
    return new PackageDatabases.Read(read.libraries(), read.problems());
  }

  /**
   * Identifies the libraries in the archive at {@code path} and in those nested in it. Never throws
   * on bad data: a damaged archive or a limit is a problem in the result.
   *
   * @param path where the archive is in the image, e.g. {@code /app/app.jar}
   * @param content the archive's bytes
   */
  public Read identify(String path, byte[] content) {
    Walk walk = new Walk(limits);
    try {
      walk.archive(path, content, 1);
    } catch (LimitExceeded e) {
      walk.problems.add(
          path
              + " was not read whole: "
              + e.limit()
              + " in "
              + e.archive()
              + "; the libraries in the rest of it are not in the inventory");
    }
    return new Read(new ArrayList<>(walk.found.values()), walk.problems);
  }

  /** One identification: what was found, what went wrong, and what of the limits is spent. */
  private static final class Walk {
    private final ArchiveLimits limits;
    private final Map<List<String>, InstalledPackage> found = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final ArchiveBudget budget;

    Walk(ArchiveLimits limits) {
      this.limits = limits;
      this.budget = new ArchiveBudget(limits);
    }

    /** Reads one archive and those nested in it; its libraries go in {@link #found}. */
    void archive(String path, byte[] bytes, int depth) {
      Metadata metadata = new Metadata();
      try {
        if (!directory(path, bytes, depth, metadata)) {
          stream(path, bytes, depth, metadata);
        }
      } catch (LimitExceeded e) {
        add(path, bytes, metadata);
        throw e;
      } catch (IOException | RuntimeException e) {
        problems.add(
            path
                + " could not be read as a zip: "
                + reason(e)
                + "; its libraries are not in the inventory");
      }
      add(path, bytes, metadata);
    }

    private boolean directory(String path, byte[] bytes, int depth, Metadata metadata)
        throws IOException {
      Optional<ZipFile> opened = ZipArchives.withCentralDirectory(bytes);
      if (opened.isEmpty()) {
        return false; // no readable central directory: the stream reaches what it can
      }
      try (ZipFile zip = opened.get()) {
        // an entry the directory lists again (a zip made to be read thousands of times) is
        // read once; the secret scan reports the archive
        for (ZipArchiveEntry entry : ZipArchives.distinct(zip).entries()) {
          budget.entry(path);
          Wanted wanted = wanted(entry);
          if (wanted == Wanted.NOTHING || !zip.canReadEntryData(entry)) {
            continue;
          }
          String entryPath = path + "!/" + entry.getName();
          if (wanted == Wanted.ARCHIVE && depth + 1 > limits.maxDepth()) {
            tooDeep(entryPath);
            continue;
          }
          // only an entry that is going to be read is checked: one never inflated costs nothing,
          // and an odd resource must not cost a jar its libraries
          budget.declared(entry.getSize(), entry.getCompressedSize(), entryPath);
          try (InputStream raw = zip.getInputStream(entry)) {
            read(
                wanted,
                new MeteredEntry(raw, ZipArchives.packed(raw, entry), budget, entryPath),
                entryPath,
                depth,
                metadata);
          } catch (LimitExceeded e) {
            throw e;
          } catch (IOException | RuntimeException e) {
            // this entry's data is broken; the directory still leads to the others
            problems.add(
                wanted == Wanted.ARCHIVE
                    ? entryPath
                        + " could not be read as a zip: "
                        + reason(e)
                        + "; its libraries are not in the inventory"
                    : entryPath
                        + " could not be read: "
                        + reason(e)
                        + "; the library it names is not in the inventory");
          }
        }
      }
      return true;
    }

    private void stream(String path, byte[] bytes, int depth, Metadata metadata)
        throws IOException {
      CountingInput compressed = new CountingInput(new ByteArrayInputStream(bytes));
      byte[] scratch = new byte[64 * 1024];
      try (ZipArchiveInputStream zip =
          new ZipArchiveInputStream(compressed, StandardCharsets.UTF_8.name(), true, true)) {
        ZipArchiveEntry entry;
        boolean any = false;
        while ((entry = zip.getNextEntry()) != null) {
          any = true;
          budget.entry(path);
          if (entry.isDirectory() || !zip.canReadEntryData(entry)) {
            continue;
          }
          String entryPath = path + "!/" + entry.getName();
          long start = compressed.count();
          MeteredEntry data =
              new MeteredEntry(zip, () -> compressed.count() - start, budget, entryPath);
          Wanted wanted = wanted(entry);
          if (wanted == Wanted.ARCHIVE && depth + 1 > limits.maxDepth()) {
            tooDeep(entryPath);
          } else if (wanted != Wanted.NOTHING) {
            read(wanted, data, entryPath, depth, metadata);
          }
          if (ZipArchives.mustInflateToSkip(entry)) {
            data.drain(scratch);
          }
        }
        if (!any) {
          throw new IOException("neither a central directory nor a single entry");
        }
      }
    }

    private void read(
        Wanted wanted, MeteredEntry data, String entryPath, int depth, Metadata metadata)
        throws IOException {
      switch (wanted) {
        case MANIFEST -> metadata.manifest = small(data, entryPath);
        case POM_PROPERTIES -> metadata.pomProperties.add(small(data, entryPath));
        case ARCHIVE -> archive(entryPath, data.readAllBytes(), depth + 1);
        default -> throw new IllegalStateException(wanted.name());
      }
    }

    private static byte[] small(MeteredEntry data, String entryPath) throws IOException {
      byte[] bytes = data.readNBytes(MAX_METADATA_BYTES + 1);
      if (bytes.length > MAX_METADATA_BYTES) {
        throw new IOException(entryPath + " is larger than " + MAX_METADATA_BYTES + " bytes");
      }
      return bytes;
    }

    private void tooDeep(String entryPath) {
      problems.add(
          entryPath
              + " is nested more than "
              + limits.maxDepth()
              + " archives deep and was not opened; its libraries are not in the inventory");
    }

    private void add(String path, byte[] archive, Metadata metadata) {
      List<InstalledPackage> libraries = new ArrayList<>();
      for (byte[] properties : metadata.pomProperties) {
        fromPomProperties(path, properties).ifPresent(libraries::add);
      }
      if (libraries.isEmpty() && metadata.manifest != null) {
        fromManifest(path, metadata.manifest).ifPresent(libraries::add);
      }
      if (libraries.isEmpty()) {
        fromFileName(path).ifPresent(libraries::add);
      }
      if (libraries.size() == 1) {
        // the archive is this one library: its hashes identify it (a shaded one's would not)
        InstalledPackage one = libraries.get(0);
        libraries.set(
            0,
            new InstalledPackage(
                one.kind(),
                one.name(),
                one.version(),
                "",
                "",
                "",
                one.path(),
                one.evidence(),
                ArchiveHashes.sha1(archive),
                ArchiveHashes.sha256(archive)));
      }
      for (InstalledPackage library : libraries) {
        found.putIfAbsent(List.of(library.name(), library.version(), library.path()), library);
      }
    }
  }

  private static Optional<InstalledPackage> fromPomProperties(String path, byte[] bytes) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String group = trimmed(properties.getProperty("groupId"));
    String artifact = trimmed(properties.getProperty("artifactId"));
    String version = trimmed(properties.getProperty("version"));
    if (artifact.isEmpty() || version.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(library(group + ":" + artifact, version, path, "pom.properties"));
  }

  private static Optional<InstalledPackage> fromManifest(String path, byte[] bytes) {
    Attributes main;
    try {
      main = new Manifest(new ByteArrayInputStream(bytes)).getMainAttributes();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    String title = trimmed(main.getValue("Implementation-Title"));
    String vendorId = trimmed(main.getValue("Implementation-Vendor-Id"));
    String symbolic = trimmed(main.getValue("Bundle-SymbolicName")).split(";", 2)[0].trim();
    String module = trimmed(main.getValue("Automatic-Module-Name"));
    String version = trimmed(main.getValue("Implementation-Version"));
    if (version.isEmpty()) {
      version = trimmed(main.getValue("Bundle-Version"));
    }
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String artifact =
        fileName(path)
            .map(FileName::artifact)
            .or(() -> Optional.of(title).filter(t -> !t.isEmpty() && !t.matches(".*\\s.*")))
            .orElse(symbolic);
    if (artifact.isEmpty()) {
      return Optional.empty();
    }
    String group = vendorId;
    if (group.isEmpty() && symbolic.endsWith("." + artifact)) {
      group = symbolic.substring(0, symbolic.length() - artifact.length() - 1);
    }
    if (group.isEmpty()) {
      Optional<ModuleNames.Coordinates> known =
          ModuleNames.coordinates(symbolic).or(() -> ModuleNames.coordinates(module));
      if (known.isPresent()) {
        group = known.get().groupId();
        artifact = known.get().artifactId();
      }
    }
    return Optional.of(library(group + ":" + artifact, version, path, "manifest"));
  }

  private static Optional<InstalledPackage> fromFileName(String path) {
    return fileName(path).map(f -> library(":" + f.artifact(), f.version(), path, "file-name"));
  }

  private record FileName(String artifact, String version) {}

  private static Optional<FileName> fileName(String path) {
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    Matcher m = FILE_NAME.matcher(name);
    return m.matches() ? Optional.of(new FileName(m.group(1), m.group(2))) : Optional.empty();
  }

  private static InstalledPackage library(
      String name, String version, String path, String evidence) {
    return new InstalledPackage(
        InstalledPackage.Kind.MAVEN, name, version, "", "", "", path, evidence);
  }

  private static String trimmed(String value) {
    return value == null ? "" : value.trim();
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private enum Wanted {
    NOTHING,
    MANIFEST,
    POM_PROPERTIES,
    ARCHIVE
  }

  private static Wanted wanted(ZipArchiveEntry entry) {
    if (entry.isDirectory()) {
      return Wanted.NOTHING;
    }
    String name = entry.getName();
    if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
      return Wanted.MANIFEST;
    }
    if (POM_PROPERTIES.matcher(name).matches()) {
      return Wanted.POM_PROPERTIES;
    }
    return isCandidate(name) ? Wanted.ARCHIVE : Wanted.NOTHING;
  }

  /** What one archive says of itself, gathered while it is walked. */
  private static final class Metadata {
    private byte[] manifest;
    private final List<byte[]> pomProperties = new ArrayList<>();
  }
}
