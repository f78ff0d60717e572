package dev.paas.jib;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.LayerObject;
import dev.paas.core.PaasException;
import dev.paas.core.build.LibraryRecords;
import dev.paas.core.inventory.BuildRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The layer that records the libraries Jib puts in the image, as {@code paas:build} records its own
 * ({@link BuildRecord}): every jar of Jib's dependency layers that Maven resolved, by the
 * coordinates it resolved it as and the SHA-256 of its bytes, at {@value BuildRecord#PATH} whatever
 * Jib's {@code <appRoot>}, where {@code paas:check} reads it. Its own layer, above Jib's, so that
 * Jib's dependency layers stay byte for byte what Jib makes.
 */
final class LibraryRecordLayer {
  /** The layer's name in the plan (Jib logs it). */
  static final String NAME = "paas library record";

  // Jib's names (JavaContainerBuilder.LayerType) of the layers that hold library jars.
  private static final Set<String> LIBRARY_LAYERS =
      Set.of("dependencies", "snapshot dependencies", "project dependencies");

  private LibraryRecordLayer() {}

  /**
   * The record layer for the jars of {@code plan}'s library layers that {@code resolved} knows
   * (absolute normalised path to {@code group:artifact:version}), written under {@code directory};
   * empty when the plan has no such jar.
   */
  static Optional<FileEntriesLayer> of(
      ContainerBuildPlan plan, Map<Path, String> resolved, Path directory) throws PaasException {
    List<LibraryRecords.Jar> jars = new ArrayList<>();
    for (LayerObject layer : plan.getLayers()) {
      if (!(layer instanceof FileEntriesLayer files) || !LIBRARY_LAYERS.contains(files.getName())) {
        continue;
      }
      for (FileEntry entry : files.getEntries()) {
        String coordinates = resolved.get(entry.getSourceFile().toAbsolutePath().normalize());
        String path = entry.getExtractionPath().toString();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (coordinates != null && name.endsWith(".jar")) {
          jars.add(new LibraryRecords.Jar(name, coordinates, entry.getSourceFile()));
        }
      }
    }
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    Path file;
    try {
      file = LibraryRecords.write(jars, directory);
    } catch (IOException e) {
      throw new PaasException(
          "Cannot write the record of the image's libraries under "
              + directory
              + ": "
              + e.getMessage()
              + ". Check that the build directory is writable",
          e);
    }
    return Optional.of(
        FileEntriesLayer.builder()
            .setName(NAME)
            .addEntry(
                new FileEntry(
                    file,
                    AbsoluteUnixPath.get(BuildRecord.PATH),
                    FilePermissions.fromOctalString("644"),
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME))
            .build());
  }
}
