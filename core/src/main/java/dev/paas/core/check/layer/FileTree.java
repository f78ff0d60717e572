package dev.paas.core.check.layer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The file system a stack of layers makes, as runtimes apply them: a later entry replaces an
 * earlier one, a whiteout deletes a path and all below it, an opaque whiteout empties a directory.
 */
public final class FileTree {
  /** A path present in the tree, and the layer that last wrote it. */
  public record Node(LayerEntry entry, int layer) {}

  private final TreeMap<String, Node> nodes = new TreeMap<>();

  private final Predicate<String> keep;

  private FileTree(Predicate<String> keep) {
    this.keep = keep;
  }

  /** The tree of {@code layers[0..count)}. */
  public static FileTree of(List<LayerFacts> layers, int count) {
    return of(layers, count, path -> true);
  }

  /**
   * The part of the tree of {@code layers[0..count)} whose paths {@code keep} accepts: a base of
   * tens of thousands of files, cut down to what a rule looks at.
   */
  public static FileTree of(List<LayerFacts> layers, int count, Predicate<String> keep) {
    FileTree tree = new FileTree(keep);
    for (int i = 0; i < count; i++) {
      tree.apply(layers.get(i), i);
    }
    return tree;
  }

  /**
   * The entry at {@code path} in the tree all of {@code layers} make, found from the top layer down
   * without building the tree.
   */
  public static Optional<Node> find(List<LayerFacts> layers, String path) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      Node found = null;
      boolean gone = false;
      for (LayerEntry entry : layers.get(i).entries()) {
        String p = entry.path();
        if (p.equals(path) && !entry.deletes()) {
          found = new Node(entry, i);
        } else if (entry.type() == LayerEntry.Type.WHITEOUT && LayerEntry.isAtOrBelow(path, p)) {
          gone = true;
        } else if (entry.type() == LayerEntry.Type.OPAQUE
            && !p.equals(path)
            && LayerEntry.isAtOrBelow(path, p)) {
          gone = true;
        } else if (!entry.deletes()
            && entry.type() != LayerEntry.Type.DIRECTORY
            && !p.equals(path)
            && LayerEntry.isAtOrBelow(path, p)) {
          gone = true; // a file where a parent directory was
        }
      }
      if (found != null) {
        return Optional.of(found);
      }
      if (gone) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private void apply(LayerFacts layer, int index) {
    // Whiteouts apply to the lower layers only, so they go first (the OCI spec).
    for (LayerEntry entry : layer.entries()) {
      if (entry.type() == LayerEntry.Type.WHITEOUT) {
        removeAtOrBelow(entry.path(), true);
      } else if (entry.type() == LayerEntry.Type.OPAQUE) {
        removeAtOrBelow(entry.path(), false);
      }
    }
    for (LayerEntry entry : layer.entries()) {
      if (!entry.deletes() && keep.test(entry.path())) {
        Node previous = nodes.put(entry.path(), new Node(entry, index));
        // A file replacing a directory takes the directory's contents with it.
        if (entry.type() != LayerEntry.Type.DIRECTORY
            && previous != null
            && previous.entry().type() == LayerEntry.Type.DIRECTORY) {
          removeAtOrBelow(entry.path(), false);
        }
      }
    }
  }

  private void removeAtOrBelow(String path, boolean itself) {
    if (itself) {
      nodes.remove(path);
    }
    below(path).clear();
  }

  /** The nodes strictly below {@code dir}, in path order. */
  public SortedMap<String, Node> below(String dir) {
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    // '0' is the character after '/': the range holds exactly the paths under the prefix.
    return nodes.subMap(prefix, prefix.substring(0, prefix.length() - 1) + "0");
  }

  /** The node at {@code path}, if the tree has it. */
  public Optional<Node> get(String path) {
    return Optional.ofNullable(nodes.get(path));
  }

  /** Every path of the tree. */
  public Map<String, Node> nodes() {
    return Collections.unmodifiableMap(nodes);
  }
}
