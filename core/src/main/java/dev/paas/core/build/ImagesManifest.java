package dev.paas.core.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.paas.core.PaasException;
import dev.paas.core.io.AtomicFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code target/paas/images.json}: the images a build wrote, read by check and push. */
public final class ImagesManifest {
  public static final String FILE_NAME = "images.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The file's shape: {@code {"images":[...]}}. */
  public record Images(List<BuiltImage> images) {
    public Images {
      images = List.copyOf(images);
    }
  }

  private ImagesManifest() {}

  /** Writes the file whole or not at all: a reader never sees half of it. */
  public static void write(Path file, List<BuiltImage> images) throws IOException {
    AtomicFile.write(file, out -> JSON.writeValue(out, new Images(images)));
  }

  /** Removes the file from {@code directory}, so that a failed build leaves none behind. */
  public static void discard(Path directory) throws PaasException {
    Path file = directory.resolve(FILE_NAME);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new PaasException("Cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the file a build wrote. */
  public static List<BuiltImage> read(Path file) throws PaasException {
    try {
      return JSON.readValue(file.toFile(), Images.class).images();
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new PaasException(
          file + " does not exist: run 'mvn verify' first (paas:build, then paas:check)");
    } catch (IOException e) {
      throw new PaasException(
          file
              + " cannot be read ("
              + e.getMessage()
              + "); run 'mvn verify' again: paas:build rewrites it",
          e);
    }
  }
}
