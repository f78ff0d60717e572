package dev.paas.core.check.vuln.osv;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A set of OSV advisories, indexed by ecosystem key ({@link Ecosystems#key(String)}) and package
 * name, so that an image's packages are matched with one look-up each.
 *
 * <p>{@link #load(Path)} reads a directory of {@code *.json} documents (recursively), osv.dev's
 * per-ecosystem {@code all.zip} (each entry one document), or a directory holding both or several
 * zips. Documents are parsed in parallel on the common fork-join pool; ecosystem and package names
 * are interned.
 *
 * <p>{@link #cached(Path)} keeps what it loaded for the rest of the JVM's life (a Maven build, a
 * daemon), keyed by the path's real path and its size and last-modified time (for a directory: the
 * sum of its {@code *.json} and {@code *.zip} files' sizes, the newest of their times and their
 * number). A build that checks several images therefore reads a large {@code all.zip} once; a
 * changed database is read again on the next call, and replaces the old one, so only the newest
 * version of each path is held.
 *
 * <p>Withdrawn advisories are kept in {@link #advisories()} but are not indexed: they never match.
 */
public final class AdvisoryDb {
  private static final ConcurrentHashMap<Path, Cached> CACHE = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final List<Advisory> advisories;
  private final Map<String, Map<String, List<Entry>>> index;
  private final Map<String, Set<String>> mavenGroups;
  private final Map<String, Advisory> byId = new HashMap<>();

  /**
   * The affected entries of one advisory for one package under one ecosystem key: several when the
   * advisory lists the package more than once (GitHub writes one entry per range), or under two
   * ecosystems with the same key ({@code Ubuntu:22.04:LTS} and {@code Ubuntu:Pro:22.04:LTS}).
   */
  public record Entry(Advisory advisory, List<Affected> affected) {
    public Entry {
      affected = List.copyOf(affected);
    }
  }

  private AdvisoryDb(List<Advisory> advisories) {
    this.advisories = List.copyOf(advisories);
    advisories.forEach(a -> byId.put(a.id(), a));
    Map<String, Map<String, List<Entry>>> byKey = new HashMap<>();
    Map<String, Set<String>> groups = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (Advisory advisory : this.advisories) {
      if (advisory.isWithdrawn()) {
        continue;
      }
      List<Affected> all = advisory.affected();
      for (int i = 0; i < all.size(); i++) {
        Affected a = all.get(i);
        String key = keys.computeIfAbsent(a.ecosystem(), Ecosystems::key);
        if (seenBefore(all, i, key, keys)) {
          continue;
        }
        List<Affected> same = new ArrayList<>(1);
        same.add(a);
        for (int j = i + 1; j < all.size(); j++) {
          Affected b = all.get(j);
          if (b.name().equals(a.name())
              && keys.computeIfAbsent(b.ecosystem(), Ecosystems::key).equals(key)) {
            same.add(b);
          }
        }
        byKey
            .computeIfAbsent(key, k -> new HashMap<>())
            .computeIfAbsent(a.name(), k -> new ArrayList<>(1))
            .add(new Entry(advisory, same));
        if (key.equals(Ecosystems.MAVEN)) {
          int colon = a.name().indexOf(':');
          if (colon > 0) {
            groups
                .computeIfAbsent(a.name().substring(colon + 1), k -> new TreeSet<>())
                .add(a.name().substring(0, colon));
          }
        }
      }
    }
    this.index = byKey;
    this.mavenGroups = groups;
  }

  /** Whether an earlier entry of the same advisory already covered this package and key. */
  private static boolean seenBefore(
      List<Affected> all, int i, String key, Map<String, String> keys) {
    Affected a = all.get(i);
    for (int j = 0; j < i; j++) {
      Affected b = all.get(j);
      if (b.name().equals(a.name()) && keys.get(b.ecosystem()).equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** A database of the given advisories; of two with the same id the later one is kept. */
  public static AdvisoryDb of(Collection<Advisory> advisories) {
    Map<String, Advisory> byId = new LinkedHashMap<>();
    for (Advisory a : advisories) {
      byId.put(a.id(), a);
    }
    return new AdvisoryDb(new ArrayList<>(byId.values()));
  }

  /**
   * This database and {@code other} together. Of two advisories with the same id, {@code other}'s
   * is kept unless its {@code modified} time is older than this one's.
   */
  public AdvisoryDb merge(AdvisoryDb other) {
    return merge(other.advisories);
  }

  /** This database with the given advisories added, as {@link #merge(AdvisoryDb)}. */
  public AdvisoryDb merge(Collection<Advisory> other) {
    Map<String, Advisory> byId = new LinkedHashMap<>();
    for (Advisory a : advisories) {
      byId.put(a.id(), a);
    }
    for (Advisory a : other) {
      Advisory known = byId.get(a.id());
      if (known == null || a.modified().compareTo(known.modified()) >= 0) {
        byId.put(a.id(), a);
      }
    }
    return new AdvisoryDb(new ArrayList<>(byId.values()));
  }

  /** Every advisory, withdrawn ones included, in the order read. */
  /** The advisory with this id (a CVE record, say, that another advisory names as alias). */
  public Optional<Advisory> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public List<Advisory> advisories() {
    return advisories;
  }

  /** How many advisories it holds. */
  public int size() {
    return advisories.size();
  }

  /** The advisories' entries for a package under an ecosystem key, or none. */
  public List<Entry> lookup(String ecosystemKey, String name) {
    Map<String, List<Entry>> byName = index.get(ecosystemKey);
    if (byName == null) {
      return List.of();
    }
    List<Entry> entries = byName.get(name);
    return entries == null ? List.of() : Collections.unmodifiableList(entries);
  }

  /** The ecosystem keys that have advisories. */
  public Set<String> ecosystemKeys() {
    return Collections.unmodifiableSet(index.keySet());
  }

  /**
   * The groupId of a Maven artifactId, when the advisories know exactly one group with that
   * artifactId; empty when they know none or several.
   */
  public Optional<String> uniqueMavenGroup(String artifactId) {
    Set<String> groups = mavenGroups.get(artifactId);
    return groups != null && groups.size() == 1
        ? Optional.of(groups.iterator().next())
        : Optional.empty();
  }

  /**
   * The database at {@code path}, loaded once per JVM and kept while the path's content does not
   * change (see the class comment).
   */
  public static AdvisoryDb cached(Path path) throws PaasException {
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw missing(path);
    } catch (IOException e) {
      throw new PaasException(
          "vulnerability database " + path + " could not be read: " + e.getMessage(), e);
    }
    Object lock = LOCKS.computeIfAbsent(real, k -> new Object());
    synchronized (lock) {
      Stamp stamp = stamp(real);
      Cached known = CACHE.get(real);
      if (known != null && known.stamp().equals(stamp)) {
        return known.db();
      }
      AdvisoryDb db = load(real);
      CACHE.put(real, new Cached(stamp, db));
      return db;
    }
  }

  private record Cached(Stamp stamp, AdvisoryDb db) {}

  private record Stamp(long size, long lastModified, long files) {}

  private static Stamp stamp(Path real) throws PaasException {
    try {
      if (!Files.isDirectory(real)) {
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        return new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis(), 1);
      }
      long size = 0;
      long newest = 0;
      long count = 0;
      for (Path file : databaseFiles(real)) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        size += attributes.size();
        newest = Math.max(newest, attributes.lastModifiedTime().toMillis());
        count++;
      }
      return new Stamp(size, newest, count);
    } catch (IOException e) {
      throw new PaasException(
          "vulnerability database " + real + " could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the database at {@code path}: a {@code *.json} OSV document, a zip of them (osv.dev's
   * {@code all.zip}), or a directory holding either, searched recursively.
   */
  public static AdvisoryDb load(Path path) throws PaasException {
    if (!Files.exists(path)) {
      throw missing(path);
    }
    OsvParser parser = new OsvParser();
    List<Advisory> advisories = new ArrayList<>();
    if (Files.isDirectory(path)) {
      List<Path> files;
      try {
        files = databaseFiles(path);
      } catch (IOException e) {
        throw new PaasException(
            "vulnerability database " + path + ": could not list the directory: " + e.getMessage(),
            e);
      }
      List<Path> jsons = files.stream().filter(f -> name(f).endsWith(".json")).toList();
      advisories.addAll(
          parallel(
              jsons,
              file -> {
                try (InputStream in = Files.newInputStream(file)) {
                  return parser.read(in, "OSV file " + file);
                } catch (IOException e) {
                  throw new PaasException(
                      "OSV file " + file + " could not be read: " + e.getMessage(), e);
                }
              }));
      for (Path zip : files.stream().filter(f -> name(f).endsWith(".zip")).toList()) {
        advisories.addAll(loadZip(zip, parser));
      }
    } else if (name(path).endsWith(".zip")) {
      advisories.addAll(loadZip(path, parser));
    } else if (name(path).endsWith(".json")) {
      try (InputStream in = Files.newInputStream(path)) {
        advisories.add(parser.read(in, "OSV file " + path));
      } catch (IOException e) {
        throw new PaasException("OSV file " + path + " could not be read: " + e.getMessage(), e);
      }
    } else {
      throw new PaasException(
          "vulnerability database "
              + path
              + " is neither a directory, a .zip "
              + "nor a .json file: point vulnerabilityDb at osv.dev's all.zip for an ecosystem, or at a "
              + "directory of OSV JSON files");
    }
    return of(advisories);
  }

  private static List<Advisory> loadZip(Path zip, OsvParser parser) throws PaasException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      file.stream()
          .filter(e -> !e.isDirectory() && e.getName().endsWith(".json"))
          .forEach(entries::add);
      String prefix = "OSV zip " + zip + ", entry ";
      return parallel(
          entries,
          entry -> {
            String where = prefix + entry.getName();
            try (InputStream in = file.getInputStream(entry)) {
              return parser.read(in, where);
            } catch (IOException e) {
              throw new PaasException(
                  where
                      + " could not be read ("
                      + e.getMessage()
                      + "): the zip is "
                      + "damaged, download it again",
                  e);
            }
          });
    } catch (ZipException e) {
      throw new PaasException(
          "OSV zip "
              + zip
              + " is not a readable zip ("
              + e.getMessage()
              + "): download it again, e.g. https://osv-vulnerabilities.storage.googleapis.com/Maven/all.zip",
          e);
    } catch (IOException e) {
      throw new PaasException("OSV zip " + zip + " could not be read: " + e.getMessage(), e);
    }
  }

  /** A task that may fail with a {@link PaasException}. */
  private interface Read<T> {
    Advisory apply(T item) throws PaasException;
  }

  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(PaasException cause) {
      super(cause);
    }
  }

  private static <T> List<Advisory> parallel(List<T> items, Read<T> read) throws PaasException {
    Stream<T> stream = items.size() < 64 ? items.stream() : items.parallelStream();
    try {
      return stream
          .map(
              item -> {
                try {
                  return read.apply(item);
                } catch (PaasException e) {
                  throw new Failure(e);
                }
              })
          .toList();
    } catch (Failure e) {
      throw (PaasException) e.getCause();
    }
  }

  private static List<Path> databaseFiles(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> name(f).endsWith(".json") || name(f).endsWith(".zip"))
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String name(Path path) {
    Path name = path.getFileName();
    return name == null ? "" : name.toString();
  }

  private static PaasException missing(Path path) {
    return new PaasException(
        "vulnerability database "
            + path
            + " does not exist: download osv.dev's "
            + "all.zip for your ecosystems (e.g. https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip) "
            + "and point vulnerabilityDb at the file or at the directory holding it");
  }
}
