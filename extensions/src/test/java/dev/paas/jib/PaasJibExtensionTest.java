package dev.paas.jib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.LayerObject;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.paas.core.PaasException;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.build.BuildPlanPersonaliser;
import dev.paas.core.build.EnvironmentImage;
import dev.paas.core.image.ImageReference;
import dev.paas.core.run.RunLayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension's mapping onto an in-memory build plan, and jib-core building that plan: the run
 * layer reaches the image byte for byte (symlink, whiteout, sticky directory), between the base and
 * the application, and the environment's additions land where paas:build puts them.
 */
class PaasJibExtensionTest {
  @TempDir Path dir;

  @Test
  void theRunLayersGoBelowTheApplicationAndJibTakesTheirBytesFromItsCache() throws Exception {
    RunLayer runLayer = runLayer(dir.resolve("run.tar.gz"));
    Path classes = Files.writeString(dir.resolve("Main.class"), "classes");
    FileEntriesLayer app =
        FileEntriesLayer.builder()
            .setName("classes")
            .addEntry(classes, AbsoluteUnixPath.get("/app/classes/Main.class"))
            .build();
    Path agent = Files.writeString(dir.resolve("agent.jar"), "agent");
    FileEntriesLayer service =
        FileEntriesLayer.builder()
            .setName("service jacoco")
            .addEntry(agent, AbsoluteUnixPath.get("/opt/paas/services/jacoco/agent.jar"))
            .build();
    ContainerBuildPlan plan =
        ContainerBuildPlan.builder()
            .setBaseImage("registry.example/base/java17:1")
            .setLayers(List.of(app))
            .setEnvironment(Map.of("TEAM", "1"))
            .setLabels(Map.of("team", "orders"))
            .setEntrypoint(List.of("java", "-cp", "/app/classes", "Main"))
            .build();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_TOOL_OPTIONS", "-javaagent:/opt/paas/services/jacoco/agent.jar");
    BuildPlanPersonaliser.Result result =
        new BuildPlanPersonaliser.Result(
            new OfficialBase(
                "java17",
                "registry.example/base/java17:1",
                "sha256:" + "1".repeat(64),
                List.of(),
                "app"),
            ImageReference.parse("registry.example/base/java17@sha256:" + "1".repeat(64), "test"),
            List.of(runLayer),
            List.of(service),
            new EnvironmentImage(
                Map.of(EnvironmentImage.LABEL_ENVIRONMENT, "test"), env, Set.of(Port.tcp(6300))),
            Optional.of("app"));
    Path cache = dir.resolve("jib-cache");
    Path recordFile = Files.writeString(dir.resolve("libraries.json"), "{\"libraries\":[]}");
    FileEntriesLayer record =
        FileEntriesLayer.builder()
            .setName(LibraryRecordLayer.NAME)
            .addEntry(recordFile, AbsoluteUnixPath.get("/app/classes/META-INF/paas/libraries.json"))
            .build();

    ContainerBuildPlan personalised =
        PaasJibExtension.apply(plan, result, Optional.of(record), cache);

    assertThat(personalised.getBaseImage())
        .isEqualTo("registry.example/base/java17@sha256:" + "1".repeat(64));
    assertThat(personalised.getLayers())
        .extracting(LayerObject::getName)
        .containsExactly(
            "RUN .paas/image-env.sh (test)", "classes", "paas library record", "service jacoco");
    assertThat(personalised.getEnvironment())
        .containsEntry("TEAM", "1")
        .containsEntry("JAVA_TOOL_OPTIONS", "-javaagent:/opt/paas/services/jacoco/agent.jar");
    assertThat(personalised.getLabels())
        .containsEntry("team", "orders")
        .containsEntry("dev.paas.environment", "test");
    assertThat(personalised.getExposedPorts()).containsExactly(Port.tcp(6300));
    assertThat(personalised.getUser()).isEqualTo("app");
    assertThat(personalised.getEntrypoint()).isEqualTo(plan.getEntrypoint());

    // jib-core builds the plan (on scratch, so nothing is pulled) with the same application cache.
    Path tar = dir.resolve("image.tar");
    Jib.fromScratch()
        .applyContainerBuildPlan(personalised.toBuilder().setBaseImage("scratch").build())
        .containerize(
            Containerizer.to(TarImage.at(tar).named("test/image:1"))
                .setApplicationLayersCache(cache)
                .setBaseImageLayersCache(dir.resolve("base-cache")));
    Map<String, byte[]> files = untar(Files.newInputStream(tar));
    JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json")).get(0);
    JsonNode config = new ObjectMapper().readTree(files.get(manifest.get("Config").asText()));
    List<String> diffIds = new ArrayList<>();
    config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
    assertThat(diffIds).hasSize(4);
    assertThat(diffIds.get(0)).isEqualTo(runLayer.diffId());
    byte[] first = files.get(manifest.get("Layers").get(0).asText());
    Map<String, TarArchiveEntry> entries =
        entries(new GZIPInputStream(new ByteArrayInputStream(first)));
    assertThat(entries.get("etc/motd-orders").isSymbolicLink()).isTrue();
    assertThat(entries.get("etc/motd-orders").getLinkName()).isEqualTo("/opt/orders/motd.txt");
    assertThat(entries).containsKey("etc/.wh.motd");
    assertThat(entries.get("tmp/").getMode() & 07777).isEqualTo(01777);
    assertThat(config.path("config").path("User").asText()).isEqualTo("app");
  }

  @Test
  void aRunLayerAlreadyInTheCacheIsUsedAsItIs() throws Exception {
    RunLayer runLayer = runLayer(dir.resolve("run.tar.gz"));
    Path cache = dir.resolve("jib-cache");
    FileEntriesLayer first = RunLayersInJibCache.add(runLayer, cache);
    long layers = countFiles(cache.resolve("layers"));
    FileEntriesLayer second = RunLayersInJibCache.add(runLayer, cache);
    assertThat(second.getEntries()).isEqualTo(first.getEntries());
    assertThat(countFiles(cache.resolve("layers"))).isEqualTo(layers);
  }

  @Test
  void aCacheThatCannotTakeTheLayerFailsTheBuildSayingWhatToDo() throws Exception {
    RunLayer runLayer = runLayer(dir.resolve("run.tar.gz"));
    Path notADirectory =
        Files.writeString(dir.resolve("jib-cache"), "a file where Jib's cache should be");
    assertThatThrownBy(() -> RunLayersInJibCache.add(runLayer, notADirectory))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(
            "Cannot put the layer of .paas/image-env.sh into Jib's application "
                + "layer cache "
                + notADirectory)
        .hasMessageEndingWith(". Delete that directory and build again");
  }

  @Test
  void onlyLinuxAmd64IsBuilt() throws Exception {
    ContainerBuildPlan amd64 = ContainerBuildPlan.builder().build(); // Jib's default platform
    PaasJibExtension.requireOnePlatform(amd64);
    ContainerBuildPlan both =
        ContainerBuildPlan.builder()
            .addPlatform("arm64", "linux")
            .addPlatform("amd64", "linux")
            .build();
    assertThatThrownBy(() -> PaasJibExtension.requireOnePlatform(both))
        .hasMessageStartingWith(
            "Jib is asked to build for [linux/amd64, linux/arm64], but the paas "
                + "extension builds linux/amd64 images only")
        .hasMessageEndingWith("Set <from><platforms> to linux/amd64 alone, or leave it out");
  }

  private static long countFiles(Path directory) throws IOException {
    try (var files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  // A layer as the sandbox writes one: a file, a symlink, a whiteout and the sticky /tmp.
  private static RunLayer runLayer(Path file) throws Exception {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      put(tar, new TarArchiveEntry("etc/", TarConstants.LF_DIR), 0755, null);
      put(tar, new TarArchiveEntry("etc/.wh.motd"), 0644, new byte[0]);
      TarArchiveEntry link = new TarArchiveEntry("etc/motd-orders", TarConstants.LF_SYMLINK);
      link.setLinkName("/opt/orders/motd.txt");
      put(tar, link, 0777, null);
      put(
          tar,
          new TarArchiveEntry("opt/orders/motd.txt"),
          0644,
          "orders\n".getBytes(StandardCharsets.UTF_8));
      put(tar, new TarArchiveEntry("tmp/", TarConstants.LF_DIR), 01777, null);
    }
    byte[] tarBytes = raw.toByteArray();
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(tarBytes);
    }
    byte[] gz = Files.readAllBytes(file);
    return new RunLayer(
        "key",
        ".paas/image-env.sh",
        sha256(tarBytes),
        sha256(gz),
        gz.length,
        tarBytes.length,
        file,
        "RUN .paas/image-env.sh (test)");
  }

  private static void put(
      TarArchiveOutputStream tar, TarArchiveEntry entry, int mode, byte[] content)
      throws IOException {
    entry.setMode(
        (entry.isDirectory() ? 040000 : entry.isSymbolicLink() ? 0120000 : 0100000) | mode);
    if (content != null) {
      entry.setSize(content.length);
    }
    tar.putArchiveEntry(entry);
    if (content != null) {
      tar.write(content);
    }
    tar.closeArchiveEntry();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static Map<String, byte[]> untar(InputStream in) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        files.put(entry.getName(), tar.readAllBytes());
      }
    }
    return files;
  }

  private static Map<String, TarArchiveEntry> entries(InputStream in) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        entries.put(entry.getName(), entry);
      }
    }
    return entries;
  }
}
