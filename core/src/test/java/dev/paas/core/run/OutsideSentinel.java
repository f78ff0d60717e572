package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory outside the root under attack, with known content, modes, owners and times: what a
 * hostile layer or name would reach. {@link #assertUnchanged} compares every byte and every
 * attribute (the change time too, which no one can set back) with what it was when made.
 */
final class OutsideSentinel {
  static final int UID = 4242;
  static final int GID = 4343;
  static final FileTime TIME = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

  private final Path dir;
  private final List<String> before;

  private OutsideSentinel(Path dir) throws IOException {
    this.dir = dir;
    this.before = describe();
  }

  /** Makes the sentinel at {@code dir}: a directory, a file, a subdirectory and a link. */
  static OutsideSentinel create(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("victim"), "untouched");
    Files.createDirectory(dir.resolve("x"));
    Files.writeString(dir.resolve("x/inner"), "inner");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("victim"));
    for (var entry : Map.of("victim", 0640, "x/inner", 0600, "x", 0711, "", 0750).entrySet()) {
      Path path = dir.resolve(entry.getKey());
      Files.setAttribute(path, "unix:uid", UID);
      Files.setAttribute(path, "unix:gid", GID);
      Files.setAttribute(path, "unix:mode", entry.getValue());
    }
    Files.setAttribute(dir.resolve("link"), "unix:uid", UID, LinkOption.NOFOLLOW_LINKS);
    for (String name : List.of("victim", "x/inner", "x", "")) {
      Files.setLastModifiedTime(dir.resolve(name), TIME);
    }
    return new OutsideSentinel(dir);
  }

  Path dir() {
    return dir;
  }

  Path victim() {
    return dir.resolve("victim");
  }

  void assertUnchanged() throws IOException {
    assertThat(describe()).as("the sentinel outside the root").isEqualTo(before);
  }

  private List<String> describe() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.sorted().map(this::describe).toList();
    }
  }

  private String describe(Path path) {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
      String content =
          Files.isSymbolicLink(path)
              ? "-> " + Files.readSymbolicLink(path)
              : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                  ? "dir"
                  : sha256(Files.readAllBytes(path));
      return dir.relativize(path)
          + " mode="
          + Integer.toOctalString((Integer) a.get("mode"))
          + " uid="
          + a.get("uid")
          + " gid="
          + a.get("gid")
          + " mtime="
          + a.get("lastModifiedTime")
          + " ctime="
          + a.get("ctime")
          + " ino="
          + a.get("ino")
          + " nlink="
          + a.get("nlink")
          + " "
          + content;
    } catch (IOException e) {
      return dir.relativize(path) + " unreadable: " + e;
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
