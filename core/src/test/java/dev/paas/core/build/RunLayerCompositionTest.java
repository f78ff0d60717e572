package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.ImagePusher;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.RunStep;
import dev.paas.core.run.Sandbox;
import dev.paas.core.testing.BusyboxImage;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandboxed runs' layers in composed images, on each kind of base: above the base's layers
 * (whose blobs keep their digests), below the application's, shared by the environments, and reused
 * offline.
 */
class RunLayerCompositionTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  static final OciFixtures.Image BASE = BusyboxImage.image("debian");
  static final String SCRIPT = "echo composed > /opt/composed\nrm /opt/gone\n";

  @TempDir static Path shared;
  @TempDir Path dir;
  static String baseRef;
  final RecordingLog log = new RecordingLog();

  @BeforeAll
  static void pushBase() throws Exception {
    baseRef = REGISTRY.host() + "/base/busybox:1";
    Path tar = OciFixtures.ociArchive(BASE, shared.resolve("busybox.oci.tar"));
    try (OciImage image = OciImage.open(ImageReference.parse("oci-archive:" + tar, "test"))) {
      new ImagePusher(CredentialSource.none(), true, BuildLog.silent())
          .push(image, ImageReference.parse(baseRef, "test"), Optional.empty());
    }
  }

  private BuildRequest request(String base, Path baseCache, boolean offline) throws Exception {
    Path classes = Files.createDirectories(dir.resolve("project/target/classes/com/example"));
    Files.write(classes.resolve("Main.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
    Files.writeString(dir.resolve("project/target/classes/app.properties"), "a=b\n");
    Application.Jar app =
        new Application.Jar(
            List.of(), List.of(), dir.resolve("project/target/classes"), "com.example.Main");
    RunStep step = RunStep.script("image-env", SCRIPT, Optional.empty(), Map.of());
    return new BuildRequest(
        ImageReference.parse(base, "<baseImage>"),
        ImageReference.parse(REGISTRY.host() + "/team/app:1.0", "<image>"),
        List.of("test", "prod"),
        app,
        List.of(),
        Optional.empty(),
        Map.of(),
        dir.resolve("out"),
        dir.resolve("app-cache"),
        baseCache,
        true,
        offline,
        List.of(step),
        new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(1), 1L << 30));
  }

  @Test
  void aRegistryBaseKeepsItsBlobsAndTheRunLayerSitsBetweenBaseAndApplication() throws Exception {
    Path baseCache = dir.resolve("base-cache");
    List<BuiltImage> built =
        new ImageComposer(CredentialSource.none(), log).compose(request(baseRef, baseCache, false));

    assertThat(built).hasSize(2);
    for (BuiltImage image : built) {
      assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
      // base, run layer, resources, classes
      assertThat(image.layers()).hasSize(BASE.layers().size() + 3);
      assertThat(image.baseDigest()).isEqualTo(BASE.manifestDigest());
      try (OciImage oci = OciImage.open(ImageReference.parse(image.archive(), "test"))) {
        assertThat(oci.layers().get(0).digest()).isEqualTo(BASE.layerDigests().get(0));
        JsonNode config = oci.configJson();
        List<String> history = new ArrayList<>();
        config.path("history").forEach(h -> history.add(h.path("created_by").asText()));
        assertThat(history).anyMatch(h -> h.startsWith("RUN image-env (paas-maven-plugin: "));
        assertThat(
                config
                    .path("config")
                    .path("Labels")
                    .path(EnvironmentImage.LABEL_BASE_NAME)
                    .asText())
            .isEqualTo(baseRef);
        try (var in = oci.openBlob(oci.layers().get(1).digest())) {
          assertThat(OciFixtures.layerFiles(in))
              .containsKey("opt/composed")
              .containsKey("opt/.wh.gone");
        }
      }
    }
    assertThat(built.get(0).layers().subList(0, 2)).isEqualTo(built.get(1).layers().subList(0, 2));
    assertThat(log.lines()).anyMatch(l -> l.contains("Running image-env in the image"));

    // Offline, everything comes from the caches: the same images, and the script does not run.
    RecordingLog offlineLog = new RecordingLog();
    List<BuiltImage> offline =
        new ImageComposer(CredentialSource.none(), offlineLog)
            .compose(request(baseRef, baseCache, true));
    assertThat(offline)
        .extracting(BuiltImage::digest)
        .containsExactlyElementsOf(built.stream().map(BuiltImage::digest).toList());
    assertThat(offlineLog.lines()).noneMatch(l -> l.contains("Running image-env"));
    // The base and run layers went into Jib's cache once, by the first build; Jib reads an
    // archive without their bytes, and the base is never written out whole.
    assertThat(log.lines())
        .contains("INFO Putting the base image's layers into Jib's cache (once for this base)")
        .noneMatch(l -> l.contains("as a docker archive"));
    assertThat(offlineLog.lines()).noneMatch(l -> l.contains("into Jib's cache"));
    // The registry's blobs, proven as they were downloaded, are linked into Jib's cache: not
    // copied.
    Path jibCache = baseCache.resolve("paas/jib-local/" + BASE.manifestDigest().substring(7));
    for (OciFixtures.Layer layer : BASE.layers()) {
      Path blob = baseCache.resolve("paas/blobs/sha256/" + layer.digest().substring(7));
      Path cached =
          jibCache.resolve(
              "local/" + layer.diffId().substring(7) + "/" + layer.digest().substring(7));
      assertThat(Files.isSameFile(blob, cached)).isTrue();
    }
    try (Stream<Path> derived = Files.list(baseCache.resolve("paas/derived"))) {
      assertThat(derived)
          .isNotEmpty()
          .allMatch(p -> p.getFileName().toString().endsWith(".cached.tar"))
          .allMatch(p -> p.toFile().length() < 64 * 1024);
    }
  }

  @Test
  void aRegistryFailingWhileTheBaseIsDownloadedFailsCleanlyAndARetryWorks() throws Exception {
    for (RegistryProxy.Fault fault :
        List.of(RegistryProxy.Fault.STATUS_500, RegistryProxy.Fault.TRUNCATE_BODY)) {
      Path baseCache = dir.resolve("cache-" + fault);
      try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
        proxy.failBlobDownloads(fault);
        BuildRequest request = request(proxy.host() + "/base/busybox:1", baseCache, false);
        assertThatThrownBy(() -> new ImageComposer(CredentialSource.none(), log).compose(request))
            .as(fault.name())
            .isInstanceOf(PaasException.class)
            .hasMessageContaining("Cannot download blob sha256:")
            .hasMessageContaining("of the image base/busybox@" + BASE.manifestDigest())
            .hasMessageContaining(fault == RegistryProxy.Fault.STATUS_500 ? "answered 500" : "")
            .hasMessageContaining("Check that the registry is up, then run again");
        assertThat(dir.resolve("out/images.json")).doesNotExist();
        try (Stream<Path> files = Files.walk(baseCache.resolve("paas"))) {
          assertThat(files.map(Path::toString))
              .noneMatch(name -> name.endsWith(".part") || name.contains("/work-"));
        }

        proxy.healDownloads();
        List<BuiltImage> built = new ImageComposer(CredentialSource.none(), log).compose(request);
        assertThat(built.get(0).layers()).hasSize(BASE.layers().size() + 3);
      }
    }
  }

  @Test
  void derivedBasesNoBuildUsedForAWeekAreDeletedWhenANewOneIsWritten() throws Exception {
    Path baseCache = dir.resolve("cache");
    Path derived = Files.createDirectories(baseCache.resolve("paas/derived"));
    Path old = Files.writeString(derived.resolve("old.tar"), "an old base");
    Path recent = Files.writeString(derived.resolve("recent.tar"), "a recent base");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
    Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(6))));
    Path oci = OciFixtures.ociArchive(BASE, dir.resolve("base.oci.tar"));

    new ImageComposer(CredentialSource.none(), log)
        .compose(request("oci-archive:" + oci, baseCache, false));

    assertThat(old).doesNotExist();
    assertThat(recent).exists();
    try (Stream<Path> archives = Files.list(derived)) {
      assertThat(archives).hasSize(2);
    }
  }

  @Test
  void anOciArchiveBaseAndADockerArchiveBaseEachGetTheRunLayer() throws Exception {
    Path oci = OciFixtures.ociArchive(BASE, dir.resolve("base.oci.tar"));
    Path docker = OciFixtures.dockerArchive(BASE, "base:1", dir.resolve("base.docker.tar"));
    List<BuiltImage> fromOci =
        new ImageComposer(CredentialSource.none(), log)
            .compose(request("oci-archive:" + oci, dir.resolve("cache-1"), false));
    Files.walk(dir.resolve("out"))
        .sorted(Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    List<BuiltImage> fromDocker =
        new ImageComposer(CredentialSource.none(), log)
            .compose(request("docker-archive:" + docker, dir.resolve("cache-2"), false));

    for (List<BuiltImage> built : List.of(fromOci, fromDocker)) {
      assertThat(built.get(0).layers())
          .startsWith(BASE.diffIds().toArray(String[]::new))
          .hasSize(BASE.layers().size() + 3);
    }
    // The script's output is the same file, but its layer holds times: each run is its own.
    try (OciImage image = OciImage.open(ImageReference.parse(fromDocker.get(0).archive(), "t"))) {
      try (var in = image.openBlob(image.layers().get(1).digest())) {
        assertThat(OciFixtures.layerFiles(in))
            .containsEntry("opt/composed", "composed\n".getBytes());
      }
    }
  }
}
