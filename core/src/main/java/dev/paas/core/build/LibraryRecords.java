package dev.paas.core.build;

import dev.paas.core.inventory.BuildRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@link BuildRecord} of the library jars a build puts in an image: by {@code
 * paas:build} for a jar application's dependencies, by the Jib extension for those of Jib's
 * dependency layers.
 */
public final class LibraryRecords {
  private LibraryRecords() {}

  /**
   * One library jar of the image.
   *
   * @param fileName its file name in the image
   * @param coordinates {@code group:artifact:version}, as Maven resolved it
   * @param source its bytes on the build machine
   */
  public record Jar(String fileName, String coordinates, Path source) {}

  /**
   * Writes the record of {@code jar}'s dependencies under {@code directory} (as {@value
   * BuildRecord#RELATIVE_PATH}) and returns {@code directory}, to be added as classes.
   */
  static Path write(Application.Jar jar, Path directory) throws IOException {
    List<Jar> jars = new ArrayList<>();
    for (Map.Entry<Path, String> entry : jar.coordinates().entrySet()) {
      jars.add(new Jar(entry.getKey().getFileName().toString(), entry.getValue(), entry.getKey()));
    }
    write(jars, directory);
    return directory;
  }

  /**
   * Writes the record of {@code jars} (those whose source is a file: the SHA-256 of its bytes) to
   * {@code directory}/{@value BuildRecord#RELATIVE_PATH} and returns that file.
   */
  public static Path write(List<Jar> jars, Path directory) throws IOException {
    List<BuildRecord.Library> libraries = new ArrayList<>();
    for (Jar jar : jars) {
      if (Files.isRegularFile(jar.source())) {
        libraries.add(
            new BuildRecord.Library(jar.fileName(), jar.coordinates(), sha256(jar.source())));
      }
    }
    Path target = directory.resolve(BuildRecord.RELATIVE_PATH);
    Files.createDirectories(target.getParent());
    Files.write(target, BuildRecord.write(libraries));
    return target;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
