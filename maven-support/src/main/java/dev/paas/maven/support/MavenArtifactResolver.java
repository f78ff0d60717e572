package dev.paas.maven.support;

import dev.paas.core.PaasException;
import dev.paas.core.platform.ArtifactResolver;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves artifacts as Maven resolves dependencies: the local repository first, then the project's
 * repositories with settings.xml's mirrors, proxies and credentials; offline with {@code -o}.
 */
public final class MavenArtifactResolver implements ArtifactResolver {
  private final RepositorySystem system;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;

  public MavenArtifactResolver(
      RepositorySystem system,
      RepositorySystemSession session,
      List<RemoteRepository> repositories) {
    this.system = system;
    this.session = session;
    this.repositories = List.copyOf(repositories);
  }

  @Override
  public Path resolve(String coordinates, String defaultExtension, String purpose)
      throws PaasException {
    String[] parts = coordinates.split(":");
    if (parts.length < 3 || parts.length > 5) {
      throw new PaasException(
          purpose
              + ": '"
              + coordinates
              + "' is not groupId:artifactId:version"
              + "[:extension[:classifier]]");
    }
    String extension = parts.length > 3 ? parts[3] : defaultExtension;
    String classifier = parts.length > 4 ? parts[4] : "";
    DefaultArtifact artifact =
        new DefaultArtifact(parts[0], parts[1], classifier, extension, parts[2]);
    try {
      File file =
          system
              .resolveArtifact(session, new ArtifactRequest(artifact, repositories, "paas"))
              .getArtifact()
              .getFile();
      return file.toPath();
    } catch (ArtifactResolutionException e) {
      throw new PaasException(
          "Cannot resolve "
              + purpose
              + " ("
              + artifact
              + "): "
              + e.getMessage()
              + (session.isOffline()
                  ? ". Maven runs offline (-o): build once online, or install it "
                      + "into the local repository"
                  : ". Check the coordinates and that a repository of "
                      + "the project (or a mirror in settings.xml) serves it"),
          e);
    }
  }
}
