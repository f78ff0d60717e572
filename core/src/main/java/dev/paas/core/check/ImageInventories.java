package dev.paas.core.check;

import dev.paas.core.check.layer.FileTree;
import dev.paas.core.check.layer.LayerEntry;
import dev.paas.core.check.layer.LayerFacts;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts the packages each layer's files hold together into what the image has installed: only files
 * the final file system still shows count, and each package is placed in the layer that installed
 * the version the image has.
 */
public final class ImageInventories {
  private ImageInventories() {}

  /** The inventory of the image the {@code layers} make, bottom first. */
  public static ImageInventory of(List<LayerFacts> layers) {
    Set<String> sources = new HashSet<>(LayerFacts.OS_RELEASE_FILES);
    for (LayerFacts layer : layers) {
      for (InstalledPackage p : layer.packages()) {
        sources.add(file(p.path()));
      }
    }
    FileTree tree = FileTree.of(layers, layers.size(), sources::contains);
    List<ImagePackage> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      LayerFacts layer = layers.get(i);
      for (InstalledPackage p : layer.packages()) {
        if (visibleFrom(tree, file(p.path()), i)) {
          int placed = installedIn(layers, i, p);
          packages.add(new ImagePackage(p, placed, layers.get(placed).diffId()));
        }
      }
      problems.addAll(layer.packageProblems());
    }
    return new ImageInventory(os(layers, tree), packages, problems);
  }

  /** The file a package was found in: a nested jar's outermost archive. */
  private static String file(String path) {
    int nested = path.indexOf("!/");
    return nested < 0 ? path : path.substring(0, nested);
  }

  private static boolean visibleFrom(FileTree tree, String path, int layer) {
    return tree.get(path)
        .filter(n -> n.layer() == layer && n.entry().type() == LayerEntry.Type.FILE)
        .isPresent();
  }

  /**
   * The lowest layer from which every rewrite of the database up to {@code top} lists the same
   * version of the package: the layer that installed it, not the last one to touch the database.
   */
  private static int installedIn(List<LayerFacts> layers, int top, InstalledPackage p) {
    if (p.kind() == InstalledPackage.Kind.MAVEN) {
      return top;
    }
    int placed = top;
    for (int i = top - 1; i >= 0; i--) {
      Optional<Boolean> same = listsSame(layers.get(i), p);
      if (same.isEmpty()) {
        continue; // this layer did not write the database
      }
      if (!same.get()) {
        break;
      }
      placed = i;
    }
    return placed;
  }

  /** Empty when the layer does not write {@code p}'s database; else whether it lists {@code p}. */
  private static Optional<Boolean> listsSame(LayerFacts layer, InstalledPackage p) {
    boolean writes = false;
    for (InstalledPackage other : layer.packages()) {
      if (other.path().equals(p.path())) {
        writes = true;
        if (other.name().equals(p.name())
            && other.version().equals(p.version())
            && other.arch().equals(p.arch())) {
          return Optional.of(true);
        }
      }
    }
    if (!writes && layer.entries().stream().anyMatch(e -> e.path().equals(p.path()))) {
      return Optional.of(false); // written, but empty or unreadable
    }
    return writes ? Optional.of(false) : Optional.empty();
  }

  /**
   * The OS release of the final file system: {@code /etc/os-release}, else {@code
   * /usr/lib/os-release}.
   */
  private static Optional<OsRelease> os(List<LayerFacts> layers, FileTree tree) {
    for (String path : LayerFacts.OS_RELEASE_FILES) {
      Optional<FileTree.Node> node = tree.get(path);
      if (node.isPresent() && node.get().entry().type() == LayerEntry.Type.FILE) {
        String content = layers.get(node.get().layer()).keptFiles().get(path);
        if (content != null) {
          return Optional.of(OsRelease.parse(content));
        }
      }
    }
    return Optional.empty();
  }
}
