package dev.paas.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.image.ImageReference;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fleet cache against a real registry: mounts instead of uploads, and bounded reads. */
class FleetCacheTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();
  private static final String KIND = "test-entry";
  private static final String TYPE = "application/vnd.dev.paas.test-entry.v1+json";
  private static final String KEY = "ab".repeat(32);

  @TempDir Path dir;
  final RecordingLog log = new RecordingLog();

  private FleetCache fleet(String host, String repository) throws Exception {
    return FleetCache.open(
        host + "/" + repository,
        true,
        CredentialSource.none(),
        true,
        "paas-maven-plugin test",
        log);
  }

  private static ImageReference ref(String text) throws Exception {
    return ImageReference.parse(text, "test");
  }

  @Test
  void aBlobTheApplicationsRepositoryHasIsMountedNotSent() throws Exception {
    OciFixtures.Layer layer =
        OciFixtures.layer(Map.of("opt/mounted", "pushed with the app before\n"));
    new RegistryClient(REGISTRY.host(), Optional.empty(), true)
        .uploadBlob(
            "team/app",
            layer.digest(),
            layer.gzip().length,
            () -> new ByteArrayInputStream(layer.gzip()));
    Path file = Files.write(dir.resolve("layer.tar.gz"), layer.gzip());

    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      FleetCache fleet =
          fleet(proxy.host(), "paas/mounts")
              .mountingFrom(
                  List.of(
                      ref("oci:" + dir.resolve("local-base")), ref("other.example.com/team/app:1"),
                      ref(proxy.host() + "/base/java17:1"), ref(proxy.host() + "/team/app:1")));
      fleet.publish(
          KIND,
          TYPE,
          KEY,
          Map.of(),
          "{}".getBytes(StandardCharsets.UTF_8),
          List.of(
              new FleetCache.Blob(
                  "application/vnd.oci.image.layer.v1.tar+gzip",
                  layer.digest(),
                  layer.gzip().length,
                  file)));

      // One upload (of the two-byte config); the layer was linked: the registry got none of its
      // bytes.
      assertThat(
              proxy.requests().stream()
                  .filter(r -> r.startsWith("PUT") && r.contains("/blobs/uploads/")))
          .hasSize(1);
      assertThat(proxy.requests())
          .contains(
              "HEAD /v2/paas/mounts/blobs/" + layer.digest(),
              "HEAD /v2/team/app/blobs/" + layer.digest())
          .noneMatch(r -> r.contains("other.example.com"));
    }
    assertThat(REGISTRY.hasBlob("paas/mounts", layer.digest())).isTrue();
    assertThat(REGISTRY.getManifest("paas/mounts", KIND + "-" + KEY).statusCode()).isEqualTo(200);
    assertThat(log.lines())
        .anyMatch(l -> l.contains("Mounted " + layer.digest() + " into the fleet cache from "))
        .noneMatch(l -> l.startsWith("WARN"));
  }

  @Test
  void aBlobTheCacheHasIsNeitherMountedNorSent() throws Exception {
    OciFixtures.Layer layer = OciFixtures.layer(Map.of("opt/there", "already in the cache\n"));
    Path file = Files.write(dir.resolve("layer.tar.gz"), layer.gzip());
    List<FleetCache.Blob> blobs =
        List.of(
            new FleetCache.Blob(
                "application/vnd.oci.image.layer.v1.tar+gzip",
                layer.digest(),
                layer.gzip().length,
                file));
    fleet(REGISTRY.host(), "paas/again")
        .publish(KIND, TYPE, KEY, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), blobs);

    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      fleet(proxy.host(), "paas/again")
          .mountingFrom(List.of(ref(proxy.host() + "/team/app:1")))
          .publish(KIND, TYPE, KEY, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), blobs);
      assertThat(proxy.requests()).noneMatch(r -> r.startsWith("POST") || r.contains("/team/app/"));
    }
  }

  @Test
  void anEndlessManifestIsCutReportedAndTheCacheStaysInUse() throws Exception {
    fleet(REGISTRY.host(), "paas/endless")
        .publish(KIND, TYPE, KEY, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), List.of());
    try (RegistryProxy proxy =
        RegistryProxy.to(REGISTRY.host()).failManifestDownloads(RegistryProxy.Fault.ENDLESS_BODY)) {
      FleetCache fleet = fleet(proxy.host(), "paas/endless");

      assertThat(fleet.find(KIND, TYPE, KEY)).isEmpty();
      assertThat(log.lines())
          .anyMatch(
              l ->
                  l.startsWith("WARN")
                      && l.contains(
                          "Ignoring the fleet cache entry "
                              + proxy.host()
                              + "/paas/endless:"
                              + KIND
                              + "-"
                              + KEY)
                      && l.contains("more than the " + FleetCache.MAX_DOCUMENT_BYTES + " bytes"));
      // A damaged entry is not a registry that is down: the next key is looked up, and published.
      proxy.healDownloads();
      assertThat(fleet.find(KIND, TYPE, KEY)).isPresent();
      assertThat(fleet.publishes()).isTrue();
    }
  }

  @Test
  void threadsOfOneBuildLookEntriesUpAtOnce() throws Exception {
    OciFixtures.Layer layer = OciFixtures.layer(Map.of("opt/shared", "read by many threads\n"));
    Path file = Files.write(dir.resolve("layer.tar.gz"), layer.gzip());
    fleet(REGISTRY.host(), "paas/threads")
        .publish(
            KIND,
            TYPE,
            KEY,
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            List.of(
                new FleetCache.Blob(
                    "application/vnd.oci.image.layer.v1.tar+gzip",
                    layer.digest(),
                    layer.gzip().length,
                    file)));
    // A fresh instance: its first calls race to find the registry's scheme.
    FleetCache fleet = fleet(REGISTRY.host(), "paas/threads");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> reads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Path target = dir.resolve("read-" + i);
        reads.add(
            pool.submit(
                () -> {
                  FleetCache.Entry entry = fleet.find(KIND, TYPE, KEY).orElseThrow();
                  return fleet.download(entry, entry.blobs().get(0), 1 << 20, target)
                      && Arrays.equals(Files.readAllBytes(target), layer.gzip());
                }));
      }
      for (Future<Boolean> read : reads) {
        assertThat(read.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(log.lines()).noneMatch(l -> l.startsWith("WARN"));
  }
}
