package dev.paas.core.build;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.paas.core.image.OciImage;
import dev.paas.core.io.AtomicFile;
import dev.paas.core.platform.EnvironmentAdditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns an environment's added layer into a Jib layer; text entries are staged as files. */
final class AddedLayers {
  private AddedLayers() {}

  /**
   * @param staging where text entries are written, one file per content digest, so the same text in
   *     several environments' layers is one file
   */
  static FileEntriesLayer toJib(EnvironmentAdditions.Layer layer, Path staging) throws IOException {
    FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(layer.name());
    for (EnvironmentAdditions.Entry entry : layer.entries()) {
      Path source = entry.source().orElse(null);
      if (source == null) {
        byte[] bytes = entry.content().getBytes(StandardCharsets.UTF_8);
        source = staging.resolve(OciImage.sha256(bytes).substring(7));
        if (!Files.isRegularFile(source)) {
          Files.createDirectories(staging);
          AtomicFile.write(source, out -> out.write(bytes));
        }
      }
      builder.addEntry(
          source,
          AbsoluteUnixPath.get(entry.path()),
          FilePermissions.fromOctalString(String.format("%03o", entry.mode() & 0777)));
    }
    return builder.build();
  }
}
