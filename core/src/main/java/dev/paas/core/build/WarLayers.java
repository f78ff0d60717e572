package dev.paas.core.build;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layers of an exploded web application, as Jib lays out a WAR: release libraries, snapshot
 * libraries, resources (everything outside {@code WEB-INF/classes} and {@code WEB-INF/lib}),
 * classes.
 */
final class WarLayers {
  private WarLayers() {}

  static void addTo(JibContainerBuilder builder, Application.War war) throws IOException {
    Path root = war.explodedWar();
    if (!Files.isDirectory(root)) {
      throw new IOException(
          "the exploded web application "
              + root
              + " does not exist; "
              + "run paas:build after war:war in the package phase");
    }
    AbsoluteUnixPath appRoot = AbsoluteUnixPath.get(war.appRoot());
    FileEntriesLayer.Builder deps = FileEntriesLayer.builder().setName("dependencies");
    FileEntriesLayer.Builder snapshots =
        FileEntriesLayer.builder().setName("snapshot dependencies");
    FileEntriesLayer.Builder resources = FileEntriesLayer.builder().setName("resources");
    FileEntriesLayer.Builder classes = FileEntriesLayer.builder().setName("classes");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> !p.equals(root)).sorted().toList();
    }
    for (Path file : files) {
      String relative = root.relativize(file).toString().replace('\\', '/');
      AbsoluteUnixPath target = appRoot.resolve(relative);
      FileEntriesLayer.Builder layer;
      if (relative.startsWith("WEB-INF/lib/")
          && war.excludedLibraries().contains(relative.substring("WEB-INF/lib/".length()))) {
        continue;
      } else if (relative.startsWith("WEB-INF/lib/")) {
        layer = relative.contains("SNAPSHOT") ? snapshots : deps;
      } else if (relative.startsWith("WEB-INF/classes/")) {
        layer = classes;
      } else if (relative.equals("WEB-INF/lib") || relative.equals("WEB-INF/classes")) {
        continue;
      } else {
        layer = resources;
      }
      layer.addEntry(file, target);
    }
    for (FileEntriesLayer.Builder layer : List.of(deps, snapshots, resources, classes)) {
      FileEntriesLayer built = layer.build();
      if (!built.getEntries().isEmpty()) {
        builder.addFileEntriesLayer(built);
      }
    }
  }
}
