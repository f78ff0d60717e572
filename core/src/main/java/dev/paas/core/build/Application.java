package dev.paas.core.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the build puts on top of the base: a plain Java application or a web application. */
public sealed interface Application {

  /**
   * A {@code jar}-packaged application, run with {@code java -cp ... mainClass}.
   *
   * @param dependencies release dependencies, one layer
   * @param snapshotDependencies {@code -SNAPSHOT} dependencies, the layer above
   * @param classesDirectory compiled classes and resources ({@code target/classes})
   * @param mainClass the class whose {@code main} the entrypoint runs
   * @param coordinates the {@code group:artifact:version} each dependency file was resolved as,
   *     recorded in the image for {@code paas:check}; a file without any is not recorded
   */
  record Jar(
      List<Path> dependencies,
      List<Path> snapshotDependencies,
      Path classesDirectory,
      String mainClass,
      Map<Path, String> coordinates)
      implements Application {
    public Jar {
      dependencies = List.copyOf(dependencies);
      snapshotDependencies = List.copyOf(snapshotDependencies);
      coordinates = Map.copyOf(coordinates);
    }

    /** An application whose dependencies' coordinates are not known. */
    public Jar(
        List<Path> dependencies,
        List<Path> snapshotDependencies,
        Path classesDirectory,
        String mainClass) {
      this(dependencies, snapshotDependencies, classesDirectory, mainClass, Map.of());
    }
  }

  /**
   * A {@code war}-packaged application, laid out exploded under {@code appRoot} of a
   * servlet-container base whose entrypoint starts it.
   *
   * @param explodedWar the exploded web application ({@code target/<finalName>})
   * @param appRoot where the servlet container deploys it, e.g. {@code /jetty/webapps/ROOT}
   * @param excludedLibraries file names under {@code WEB-INF/lib} left out of the image
   *     (development-only libraries such as {@code spring-boot-devtools})
   */
  record War(Path explodedWar, String appRoot, Set<String> excludedLibraries)
      implements Application {
    public War {
      excludedLibraries = Set.copyOf(excludedLibraries);
    }

    /** A web application laid out whole. */
    public War(Path explodedWar, String appRoot) {
      this(explodedWar, appRoot, Set.of());
    }
  }
}
