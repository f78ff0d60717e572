package dev.paas.core.platform;

import dev.paas.core.PaasException;
import java.nio.file.Path;

/** Resolves Maven artifacts to local files: the build tool's repositories, settings and cache. */
@FunctionalInterface
public interface ArtifactResolver {
  /**
   * The local file of {@code groupId:artifactId:version[:extension[:classifier]]}.
   *
   * @param defaultExtension the extension when the coordinates name none
   * @param purpose what the artifact is for, for error messages
   */
  Path resolve(String coordinates, String defaultExtension, String purpose) throws PaasException;
}
