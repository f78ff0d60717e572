package dev.paas.core.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A local Maven repository ({@code ~/.m2/repository}) searched for a Java archive by its bytes: an
 * artifact whose file has the archive's name and whose {@code .sha1} (or, without one, whose own
 * SHA-256) is the archive's, else any artifact whose {@code .jar.sha1} is the archive's SHA-1. Its
 * coordinates are its path's: {@code <group as dirs>/<artifact>/<version>/<file>}.
 *
 * <p>The repository is walked once, on the first look-up, without following links and at most
 * {@value #MAX_FILES} files deep; a jar larger than {@value #MAX_HASHED_BYTES} bytes is never
 * hashed. A repository that cannot be read finds nothing.
 */
public final class MavenRepository {
  /** A library's coordinates as the repository's layout gives them. */
  public record Artifact(String groupId, String artifactId, String version) {}

  static final int MAX_FILES = 2_000_000;
  static final long MAX_HASHED_BYTES = 512L << 20;
  private static final int MAX_DEPTH = 32;

  private final Path root;
  private Map<String, List<Path>> jarsByName;
  private List<Path> sha1Files;
  private Map<String, Path> jarsBySha1;

  /** The repository whose root is {@code root}, e.g. {@code ~/.m2/repository}. */
  public MavenRepository(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * The artifact whose bytes are the archive's.
   *
   * @param fileName the archive's file name in the image, e.g. {@code spring-core-6.1.14.jar}
   * @param sha1 its SHA-1, lower-case hex
   * @param sha256 its SHA-256, lower-case hex
   */
  public synchronized Optional<Artifact> find(String fileName, String sha1, String sha256) {
    if (sha1.isEmpty() && sha256.isEmpty()) {
      return Optional.empty();
    }
    walk();
    for (Path jar : jarsByName.getOrDefault(fileName, List.of())) {
      Optional<String> recorded = recordedSha1(jar.resolveSibling(jar.getFileName() + ".sha1"));
      boolean same =
          recorded.isPresent()
              ? recorded.get().equals(sha1)
              : !sha256.isEmpty() && sha256.equals(sha256Of(jar));
      if (same) {
        return artifact(jar);
      }
    }
    if (sha1.isEmpty()) {
      return Optional.empty();
    }
    if (jarsBySha1 == null) {
      jarsBySha1 = new HashMap<>();
      for (Path file : sha1Files) {
        String name = file.getFileName().toString();
        Path jar = file.resolveSibling(name.substring(0, name.length() - ".sha1".length()));
        recordedSha1(file).ifPresent(hash -> jarsBySha1.putIfAbsent(hash, jar));
      }
    }
    return Optional.ofNullable(jarsBySha1.get(sha1)).flatMap(this::artifact);
  }

  private void walk() {
    if (jarsByName != null) {
      return;
    }
    jarsByName = new HashMap<>();
    sha1Files = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          EnumSet.noneOf(FileVisitOption.class),
          MAX_DEPTH,
          new SimpleFileVisitor<>() {
            private int files;

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (++files > MAX_FILES) {
                return FileVisitResult.TERMINATE;
              }
              String name = file.getFileName().toString();
              if (attributes.isRegularFile() && name.endsWith(".jar")) {
                jarsByName.computeIfAbsent(name, n -> new ArrayList<>()).add(file);
              } else if (attributes.isRegularFile() && name.endsWith(".jar.sha1")) {
                sha1Files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // an unreadable corner hides only itself
            }
          });
    } catch (IOException e) {
      // what was walked before the failure is still searched
    }
  }

  /** The hash a {@code .sha1} file records: its first word, when that is 40 hex digits. */
  private static Optional<String> recordedSha1(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      String text = new String(in.readNBytes(256), StandardCharsets.US_ASCII).strip();
      String word = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      return word.matches("[0-9a-f]{40}") ? Optional.of(word) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String sha256Of(Path jar) {
    try {
      if (Files.size(jar) > MAX_HASHED_BYTES) {
        return "";
      }
      MessageDigest digest = ArchiveHashes.digest("SHA-256");
      try (InputStream in = Files.newInputStream(jar)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      return "";
    }
  }

  /** The coordinates of {@code jar} from its place in the layout, if it follows the layout. */
  private Optional<Artifact> artifact(Path jar) {
    Path relative = root.relativize(jar);
    int n = relative.getNameCount();
    if (n < 4) {
      return Optional.empty();
    }
    String version = relative.getName(n - 2).toString();
    String artifact = relative.getName(n - 3).toString();
    if (!relative.getName(n - 1).toString().startsWith(artifact + "-" + version)) {
      return Optional.empty();
    }
    List<String> group = new ArrayList<>();
    for (int i = 0; i < n - 3; i++) {
      group.add(relative.getName(i).toString());
    }
    return Optional.of(new Artifact(String.join(".", group), artifact, version));
  }
}
