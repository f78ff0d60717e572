package dev.paas.core.check.secrets;

import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** The real Debian + JRE base image that scripts/base-image.sh caches, read layer by layer. */
final class BaseImageLayers {
  private BaseImageLayers() {}

  /** What is done with each regular file of a layer. */
  interface FileVisitor {
    void visit(String path, long size, InputStream content) throws IOException;
  }

  static Path archive() {
    return Paths.get(
        System.getProperty(
            "paas.it.baseArchive",
            System.getProperty("user.home") + "/.cache/paas/base-image/base.oci.tar"));
  }

  static OciImage open(Path archive) throws Exception {
    return OciImage.open(ImageReference.parse("oci-archive:" + archive, "base"));
  }

  static InputStream gunzipped(OciImage image, int layer) throws IOException {
    return new GZIPInputStream(
        new BufferedInputStream(image.openStoredLayer(layer), 1 << 16), 1 << 16);
  }

  /** Streams every layer's tar once and visits each regular file; returns the file count. */
  static int forEachFile(OciImage image, FileVisitor visitor) throws IOException {
    int files = 0;
    for (int i = 0; i < image.storedLayers().size(); i++) {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(gunzipped(image, i))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          if (entry.isFile()) {
            files++;
            String name = entry.getName();
            visitor.visit(
                name.startsWith("/") ? name : "/" + name.replaceFirst("^\\./", ""),
                entry.getSize(),
                tar);
          }
        }
      }
    }
    return files;
  }
}
