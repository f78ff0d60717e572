package dev.paas.core.image;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Tells the two kinds of image tar apart, as tools write them without saying which they wrote. */
public final class ImageArchives {
  private ImageArchives() {}

  /**
   * {@code tar} as a reference: {@code oci-archive:} when it holds an OCI image layout ({@code
   * oci-layout} or {@code index.json} at its top), else {@code docker-archive:} ({@code docker
   * save}'s {@code manifest.json}). Only the tar's headers are read.
   */
  public static ImageReference reference(Path tar) throws IOException {
    boolean oci = false;
    try (TarFile file = new TarFile(tar)) {
      for (TarArchiveEntry entry : file.getEntries()) {
        String name =
            entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (name.equals("oci-layout") || name.equals("index.json")) {
          oci = true;
          break;
        }
      }
    }
    try {
      return ImageReference.parse(
          (oci ? "oci-archive:" : "docker-archive:") + tar, "image archive");
    } catch (InvalidReferenceException e) {
      throw new IOException(tar + " cannot be named as an image archive: " + e.getMessage(), e);
    }
  }
}
