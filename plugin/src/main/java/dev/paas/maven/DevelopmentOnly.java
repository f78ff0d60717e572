package dev.paas.maven;

import dev.paas.core.BuildLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;

/**
 * The dependencies a Spring Boot team adds for development only and that no image should hold:
 * {@code spring-boot-devtools} (a restarting class loader and live reload in production) and {@code
 * spring-boot-docker-compose} (starts compose services at boot), left out as Spring Boot's own
 * packaging and Jib leave them out, unless {@code <includeDevtools>} or {@code
 * <includeDockerCompose>} asks for them.
 *
 * @param excluded the artifacts left out
 */
record DevelopmentOnly(List<Artifact> excluded) {
  static final String GROUP = "org.springframework.boot";
  static final String DEVTOOLS = "spring-boot-devtools";
  static final String DOCKER_COMPOSE = "spring-boot-docker-compose";

  DevelopmentOnly {
    excluded = List.copyOf(excluded);
  }

  /** What to leave out of the project's images; says so once at INFO. */
  static DevelopmentOnly of(PaasConfiguration paas, Collection<Artifact> artifacts, BuildLog log) {
    List<Artifact> excluded = new ArrayList<>();
    for (Artifact artifact : artifacts) {
      if (!GROUP.equals(artifact.getGroupId())) {
        continue;
      }
      if (DEVTOOLS.equals(artifact.getArtifactId()) && !paas.includeDevtools
          || DOCKER_COMPOSE.equals(artifact.getArtifactId()) && !paas.includeDockerCompose) {
        excluded.add(artifact);
      }
    }
    if (!excluded.isEmpty()) {
      log.info(
          "paas: left out of the images, as Spring Boot's packaging does: "
              + excluded.stream()
                  .map(a -> a.getArtifactId() + "-" + a.getVersion() + ".jar")
                  .collect(Collectors.joining(", "))
              + " (development only; <paas><includeDevtools>true</includeDevtools> or "
              + "<includeDockerCompose>true</includeDockerCompose> keeps it)");
    }
    return new DevelopmentOnly(excluded);
  }

  /** Whether the artifact is left out. */
  boolean excludes(Artifact artifact) {
    return excluded.contains(artifact);
  }

  /** The file names of the artifacts left out, as a war's {@code WEB-INF/lib} holds them. */
  Set<String> fileNames() {
    return excluded.stream()
        .filter(a -> a.getFile() != null)
        .map(a -> a.getFile().getName())
        .collect(Collectors.toUnmodifiableSet());
  }
}
