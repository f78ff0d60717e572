package dev.paas.core.registry;

import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.paas.core.BuildLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Credentials from the docker config ({@code ~/.docker/config.json}, {@code $DOCKER_CONFIG}):
 * {@code auths}, {@code credHelpers} and {@code credsStore}, through Jib's own retrievers, so a
 * registry that works with Jib after {@code docker login} works here too.
 */
public final class DockerConfigCredentials implements CredentialSource {
  private final BuildLog log;

  public DockerConfigCredentials(BuildLog log) {
    this.log = log;
  }

  @Override
  public Optional<Credential> forRegistry(String registry) {
    try {
      ImageReference ref = ImageReference.parse(registry + "/paas/credential-lookup");
      CredentialRetrieverFactory factory =
          CredentialRetrieverFactory.forImage(ref, event -> log.debug(event.getMessage()));
      List<CredentialRetriever> retrievers = new ArrayList<>();
      String dockerConfig = System.getenv("DOCKER_CONFIG");
      if (dockerConfig != null && !dockerConfig.isBlank()) {
        // Jib's dockerConfig() reads only ~/.docker; docker itself honours $DOCKER_CONFIG first.
        retrievers.add(factory.dockerConfig(Path.of(dockerConfig, "config.json")));
      }
      retrievers.add(factory.dockerConfig());
      retrievers.add(factory.wellKnownCredentialHelpers());
      for (CredentialRetriever retriever : retrievers) {
        var found = retriever.retrieve();
        if (found.isPresent()) {
          return Optional.of(new Credential(found.get().getUsername(), found.get().getPassword()));
        }
      }
      return Optional.empty();
    } catch (InvalidImageReferenceException e) {
      return Optional.empty();
    } catch (Exception e) {
      log.warn("Could not read docker credentials for " + registry + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
