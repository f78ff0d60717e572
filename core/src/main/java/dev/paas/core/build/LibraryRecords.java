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

/** Writes the {@link BuildRecord} of a jar application's dependencies for its image. */
final class LibraryRecords {
  private LibraryRecords() {}

  /**
   * Writes the record of {@code jar}'s dependencies under {@code directory} (as
   * {@value BuildRecord#RELATIVE_PATH}) and returns {@code directory}, to be added as classes.
   */
  static Path write(Application.Jar jar, Path directory) throws IOException {
    List<BuildRecord.Library> libraries = new ArrayList<>();
    for (Map.Entry<Path, String> entry : jar.coordinates().entrySet()) {
      Path file = entry.getKey();
      if (Files.isRegularFile(file)) {
        libraries.add(new BuildRecord.Library(file.getFileName().toString(), entry.getValue(),
            sha256(file)));
      }
    }
    Path target = directory.resolve(BuildRecord.RELATIVE_PATH);
    Files.createDirectories(target.getParent());
    Files.write(target, BuildRecord.write(libraries));
    return directory;
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
