package dev.paas.jib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import dev.paas.core.inventory.BuildRecord;
import dev.paas.core.inventory.InstalledPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of the libraries in Jib's dependency layers, as paas:check reads it. */
class LibraryRecordLayerTest {
  @TempDir Path dir;

  @Test
  void theJarsOfJibsDependencyLayersAreRecordedByTheirCoordinatesAndBytes() throws Exception {
    Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(dir.resolve("libs"));
    Path h2 = Files.writeString(dir.resolve("repo/h2-2.2.224.jar"), "h2 bytes");
    Path snapshot = Files.writeString(dir.resolve("repo/lib-1.0-20261204.1-1.jar"), "snapshot");
    Path unresolved = Files.writeString(dir.resolve("libs/vendored.jar"), "vendored");
    Path own = Files.writeString(dir.resolve("repo/orders.jar"), "the project's own");
    ContainerBuildPlan plan =
        ContainerBuildPlan.builder()
            .setLayers(
                List.of(
                    layer(
                        "dependencies",
                        Map.of(
                            h2, "/app/libs/h2-2.2.224.jar", unresolved, "/app/libs/vendored.jar")),
                    layer(
                        "snapshot dependencies",
                        Map.of(snapshot, "/app/libs/lib-1.0-SNAPSHOT.jar")),
                    // Jib's classes or extra files are not libraries, even where Maven resolved the
                    // bytes.
                    layer("extra files", Map.of(own, "/opt/orders.jar"))))
            .build();
    Map<Path, String> resolved =
        Map.of(
            h2.toAbsolutePath(), "com.h2database:h2:2.2.224",
            snapshot.toAbsolutePath(), "com.example:lib:1.0-SNAPSHOT",
            own.toAbsolutePath(), "com.example:orders:1.0");

    FileEntriesLayer layer =
        LibraryRecordLayer.of(plan, resolved, dir.resolve("record")).orElseThrow();

    assertThat(layer.getName()).isEqualTo(LibraryRecordLayer.NAME);
    FileEntry entry = layer.getEntries().get(0);
    assertThat(layer.getEntries()).hasSize(1);
    assertThat(entry.getExtractionPath()).isEqualTo(AbsoluteUnixPath.get(BuildRecord.PATH));
    List<InstalledPackage> recorded =
        BuildRecord.read(BuildRecord.PATH, Files.readAllBytes(entry.getSourceFile())).packages();
    assertThat(recorded)
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::sha256)
        .containsExactlyInAnyOrder(
            tuple("com.h2database:h2", "2.2.224", sha256(h2)),
            tuple("com.example:lib", "1.0-SNAPSHOT", sha256(snapshot)));
    assertThat(Files.readString(entry.getSourceFile()))
        .contains("\"file\" : \"lib-1.0-SNAPSHOT.jar\"")
        .doesNotContain("vendored", "orders");
  }

  @Test
  void aPlanWithoutResolvedLibrariesGetsNoRecord() throws Exception {
    Path classes = Files.writeString(dir.resolve("Main.class"), "classes");
    ContainerBuildPlan plan =
        ContainerBuildPlan.builder()
            .setLayers(List.of(layer("classes", Map.of(classes, "/app/classes/Main.class"))))
            .build();

    assertThat(
            LibraryRecordLayer.of(plan, Map.of(classes, "com.example:x:1"), dir.resolve("record")))
        .isEqualTo(Optional.empty());
  }

  private static FileEntriesLayer layer(String name, Map<Path, String> files) {
    FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(name);
    files.forEach((source, target) -> builder.addEntry(source, AbsoluteUnixPath.get(target)));
    return builder.build();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
