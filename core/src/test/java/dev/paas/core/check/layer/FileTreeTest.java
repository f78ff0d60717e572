package dev.paas.core.check.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.layer.LayerEntry.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layers applied as runtimes apply them. */
class FileTreeTest {
  private static LayerEntry entry(String path, Type type) {
    return new LayerEntry(path, type, 0755, 0, 0, 0, "", false);
  }

  private static LayerFacts layer(LayerEntry... entries) {
    return new LayerFacts(
        "sha256:" + "0".repeat(64),
        List.of(),
        List.of(entries),
        List.of(),
        Map.of(),
        List.of(),
        List.of());
  }

  @Test
  void laterEntriesReplaceWhiteoutsDeleteAndOpaqueDirectoriesEmpty() {
    List<LayerFacts> layers =
        List.of(
            layer(
                entry("/etc", Type.DIRECTORY),
                entry("/etc/passwd", Type.FILE),
                entry("/etc/ssl", Type.DIRECTORY),
                entry("/etc/ssl/a.pem", Type.FILE),
                entry("/usr", Type.DIRECTORY),
                entry("/usr/lib", Type.DIRECTORY),
                entry("/usr/lib/x.so", Type.FILE),
                entry("/etc2", Type.FILE)),
            layer(
                entry("/etc/ssl", Type.WHITEOUT),
                entry("/usr/lib", Type.OPAQUE),
                entry("/usr/lib/y.so", Type.FILE),
                entry("/etc/passwd", Type.SYMLINK)));
    FileTree base = FileTree.of(layers, 1);
    assertThat(base.nodes()).containsKeys("/etc/ssl/a.pem", "/usr/lib/x.so");
    assertThat(base.below("/etc").keySet())
        .containsExactly("/etc/passwd", "/etc/ssl", "/etc/ssl/a.pem");
    FileTree all = FileTree.of(layers, 2);
    assertThat(all.nodes().keySet())
        .containsExactlyInAnyOrder(
            "/etc", "/etc/passwd", "/usr", "/usr/lib", "/usr/lib/y.so", "/etc2");
    assertThat(all.get("/etc/passwd").orElseThrow().layer()).isEqualTo(1);
    assertThat(all.get("/etc/passwd").orElseThrow().entry().type()).isEqualTo(Type.SYMLINK);
  }

  @Test
  void aFileReplacingADirectoryTakesItsContents() {
    List<LayerFacts> layers =
        List.of(
            layer(
                entry("/opt", Type.DIRECTORY),
                entry("/opt/app", Type.DIRECTORY),
                entry("/opt/app/x", Type.FILE)),
            layer(entry("/opt/app", Type.FILE)));
    assertThat(FileTree.of(layers, 2).nodes().keySet())
        .containsExactlyInAnyOrder("/opt", "/opt/app");
  }

  @Test
  void findLooksFromTheTopLayerDownAsTheTreeWould() {
    List<LayerFacts> layers =
        List.of(
            layer(entry("/etc", Type.DIRECTORY), entry("/etc/passwd", Type.FILE)),
            layer(entry("/etc/passwd", Type.FILE)),
            layer(entry("/app", Type.DIRECTORY)));
    assertThat(FileTree.find(layers, "/etc/passwd").orElseThrow().layer()).isEqualTo(1);
    assertThat(FileTree.find(layers, "/etc/group")).isEmpty();
    List<LayerFacts> deleted = List.of(layers.get(0), layer(entry("/etc", Type.WHITEOUT)));
    assertThat(FileTree.find(deleted, "/etc/passwd")).isEmpty();
    List<LayerFacts> emptied =
        List.of(layers.get(0), layer(entry("/etc", Type.OPAQUE), entry("/etc/group", Type.FILE)));
    assertThat(FileTree.find(emptied, "/etc/passwd")).isEmpty();
    assertThat(FileTree.find(emptied, "/etc/group").orElseThrow().layer()).isEqualTo(1);
    List<LayerFacts> replaced = List.of(layers.get(0), layer(entry("/etc", Type.SYMLINK)));
    assertThat(FileTree.find(replaced, "/etc/passwd")).isEmpty();
    for (List<LayerFacts> stack : List.of(layers, deleted, emptied, replaced)) {
      for (String path : List.of("/etc/passwd", "/etc/group")) {
        assertThat(FileTree.find(stack, path).map(FileTree.Node::layer))
            .as(path)
            .isEqualTo(FileTree.of(stack, stack.size()).get(path).map(FileTree.Node::layer));
      }
    }
  }
}
