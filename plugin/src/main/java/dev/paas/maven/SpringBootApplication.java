package dev.paas.maven;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.build.ContainerSettings;
import dev.paas.core.build.SpringBootPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;

/**
 * The team's container settings ({@code <ports>}, {@code <environment>}, {@code <labels>}), with
 * the one thing inferred that Jib leaves to the team: a Spring Boot web application that names no
 * ports exposes its {@code server.port}, 8080 by default.
 */
final class SpringBootApplication {
  // A servlet or reactive web stack: what makes a Spring Boot application listen on server.port.
  private static final Set<String> WEB =
      Set.of("org.springframework:spring-webmvc", "org.springframework:spring-webflux");

  private SpringBootApplication() {}

  static ContainerSettings container(PaasConfiguration paas, MavenProject project, BuildLog log)
      throws PaasException {
    ContainerSettings team =
        ContainerSettings.of("<paas>", paas.ports, paas.environment, paas.labels);
    if (!paas.ports.isEmpty() || !isWeb(project)) {
      return team;
    }
    List<Path> directories = new ArrayList<>();
    if (project.getBuild() != null && project.getBuild().getOutputDirectory() != null) {
      directories.add(Path.of(project.getBuild().getOutputDirectory()));
    }
    for (Resource resource : project.getResources()) {
      directories.add(Path.of(resource.getDirectory()));
    }
    SpringBootPort.Found found = SpringBootPort.of(directories);
    if (found.port().isEmpty()) {
      log.info(
          "paas: no port exposed: server.port in "
              + found.file().map(Path::toString).orElse("?")
              + " names none that can be known (set <paas><ports> to expose one)");
      return team;
    }
    String port = String.valueOf(found.port().get());
    log.info(
        "paas: exposing port "
            + port
            + ", the Spring Boot web application's server.port ("
            + found.file().map(f -> "from " + f).orElse("Spring Boot's default")
            + "); <paas><ports> sets others");
    return team.withPorts(List.of(port));
  }

  private static boolean isWeb(MavenProject project) {
    boolean boot = false;
    boolean web = false;
    for (Artifact artifact : project.getArtifacts()) {
      boot |=
          "org.springframework.boot".equals(artifact.getGroupId())
              && "spring-boot".equals(artifact.getArtifactId());
      web |= WEB.contains(artifact.getGroupId() + ":" + artifact.getArtifactId());
    }
    return boot && web;
  }
}
