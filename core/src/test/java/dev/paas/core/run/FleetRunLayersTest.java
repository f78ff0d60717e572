package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.testing.BusyboxImage;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Machines with empty caches sharing run layers through a real registry. */
class FleetRunLayersTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();
  private static final ObjectMapper JSON = new ObjectMapper();
  // Not reproducible on purpose: a step that ran again would make another layer.
  private static final String SCRIPT = "echo hello from the sandbox\ndate +%s%N > /opt/when\n";

  @TempDir Path dir;
  Path hostEtc;
  OciImage base;
  String repository;
  int machines;

  @BeforeEach
  void setUp() throws Exception {
    hostEtc = Files.createDirectories(dir.resolve("host-etc"));
    Files.writeString(hostEtc.resolve("resolv.conf"), "nameserver 198.51.100.7\n");
    base =
        OciImage.open(
            ImageReference.parse(
                "oci:" + OciFixtures.ociDir(BusyboxImage.image("alpine"), dir.resolve("base")),
                "base"));
    repository =
        "paas/cache-" + dir.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9]", "");
  }

  /** A machine with an empty local cache. */
  private final class Machine {
    final Path cache = dir.resolve("machine-" + (++machines));
    final RecordingLog log = new RecordingLog();

    RunLayer build(FleetCache fleet, String script) throws Exception {
      RunSettings settings =
          new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(2), 1L << 30);
      return new ImageRun(cache, settings, hostEtc, Optional.of(fleet), log)
          .layers(base, List.of(step(script)))
          .get(0);
    }

    boolean ran() {
      return log.lines().stream().anyMatch(l -> l.contains("hello from the sandbox"));
    }
  }

  private static RunStep step(String script) {
    return RunStep.script("image-env", script, Optional.empty(), Map.of("PAAS_ARTIFACT_ID", "app"));
  }

  private FleetCache fleet(String host, boolean push, RecordingLog log) throws Exception {
    return FleetCache.open(
        host + "/" + repository,
        push,
        CredentialSource.none(),
        true,
        "paas-maven-plugin test",
        log);
  }

  @Test
  void theSecondMachineRunsNoStepAndGetsTheSameLayer() throws Exception {
    Machine first = new Machine();
    RunLayer made = first.build(fleet(REGISTRY.host(), true, first.log), SCRIPT);
    assertThat(first.ran()).isTrue();
    assertThat(first.log.lines()).anyMatch(l -> l.contains("Published run-layer"));

    Machine second = new Machine();
    RunLayer pulled = second.build(fleet(REGISTRY.host(), true, second.log), SCRIPT);
    assertThat(second.ran()).isFalse();
    assertThat(second.log.lines())
        .anyMatch(l -> l.contains("from the fleet cache " + REGISTRY.host()));
    assertThat(pulled.diffId()).isEqualTo(made.diffId());
    assertThat(pulled.digest()).isEqualTo(made.digest());
    assertThat(pulled.file()).startsWith(second.cache).hasSameBinaryContentAs(made.file());

    // The entry is an OCI artifact that says what it is, who wrote it and which base it is of.
    JsonNode manifest =
        JSON.readTree(REGISTRY.getManifest(repository, "run-layer-" + made.key()).body());
    assertThat(manifest.path("artifactType").asText()).isEqualTo(FleetRunLayers.ARTIFACT_TYPE);
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo(FleetRunLayers.ARTIFACT_TYPE);
    assertThat(manifest.path("layers").get(0).path("digest").asText()).isEqualTo(made.digest());
    assertThat(manifest.path("annotations").path(FleetCache.ANNOTATION_KIND).asText())
        .isEqualTo("run-layer");
    assertThat(manifest.path("annotations").path(FleetCache.ANNOTATION_BASE).asText())
        .isEqualTo(base.digest());
    assertThat(manifest.path("annotations").path(FleetCache.ANNOTATION_WRITER).asText())
        .isEqualTo("paas-maven-plugin test");

    // Offline now, the second machine's own cache serves the layer: the registry is not asked.
    Machine again = new Machine();
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      RunLayer local =
          new ImageRun(
                  second.cache,
                  new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(2), 1L << 30),
                  hostEtc,
                  Optional.of(fleet(proxy.host(), true, again.log)),
                  again.log)
              .layers(base, List.of(step(SCRIPT)))
              .get(0);
      assertThat(local.diffId()).isEqualTo(made.diffId());
      assertThat(proxy.requests()).isEmpty();
    }
  }

  @Test
  void aMachinePublishingAKeyAgainSendsNoBlobAndStoresTheSameEntry() throws Exception {
    Machine first = new Machine();
    RunLayer made = first.build(fleet(REGISTRY.host(), true, first.log), SCRIPT);
    String digest = manifestDigest("run-layer-" + made.key());
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      RecordingLog log = new RecordingLog();
      // A machine that raced the first one publishes the same key after it.
      new FleetRunLayers(fleet(proxy.host(), true, log), new RunCache(first.cache), 1L << 30, log)
          .publish(base.digest(), List.of(made));
      assertThat(proxy.requests())
          .noneMatch(r -> r.startsWith("PUT") && r.contains("/blobs/uploads/"))
          .anyMatch(r -> r.startsWith("PUT") && r.contains("/manifests/run-layer-"));
      assertThat(log.lines()).noneMatch(l -> l.startsWith("WARN"));
    }
    assertThat(manifestDigest("run-layer-" + made.key())).isEqualTo(digest);
  }

  @Test
  void twoMachinesPublishingOneKeyAtOnceLeaveAWholeEntry() throws Exception {
    // Two runs of a script that is not reproducible: one key, two different layers.
    Machine one = new Machine();
    RunLayer first = one.build(fleet(REGISTRY.host(), false, one.log), SCRIPT);
    Machine two = new Machine();
    RunLayer second = two.build(fleet(REGISTRY.host(), false, two.log), SCRIPT);
    assertThat(first.key()).isEqualTo(second.key());
    assertThat(first.diffId()).isNotEqualTo(second.diffId());
    List<Thread> publishers = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (Machine machine : List.of(one, two)) {
      RunLayer layer = machine == one ? first : second;
      publishers.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 5; i++) {
                    new FleetRunLayers(
                            fleet(REGISTRY.host(), true, machine.log),
                            new RunCache(machine.cache),
                            1L << 30,
                            machine.log)
                        .publish(base.digest(), List.of(layer));
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    publishers.forEach(Thread::start);
    for (Thread publisher : publishers) {
      publisher.join();
    }
    assertThat(failures).isEmpty();
    assertThat(one.log.lines()).noneMatch(l -> l.startsWith("WARN"));
    assertThat(two.log.lines()).noneMatch(l -> l.startsWith("WARN"));

    Machine third = new Machine();
    RunLayer pulled = third.build(fleet(REGISTRY.host(), true, third.log), SCRIPT);
    assertThat(third.ran()).isFalse();
    assertThat(pulled.diffId()).isIn(first.diffId(), second.diffId());
  }

  @Test
  void aReadOnlyRunnerUsesTheCacheButPublishesNothing() throws Exception {
    Machine readOnly = new Machine();
    readOnly.build(fleet(REGISTRY.host(), false, readOnly.log), SCRIPT);
    assertThat(readOnly.ran()).isTrue();
    assertThat(REGISTRY.request("GET", "/v2/" + repository + "/tags/list").statusCode())
        .isEqualTo(404);

    Machine writer = new Machine();
    RunLayer made = writer.build(fleet(REGISTRY.host(), true, writer.log), SCRIPT);
    Machine reader = new Machine();
    assertThat(reader.build(fleet(REGISTRY.host(), false, reader.log), SCRIPT).diffId())
        .isEqualTo(made.diffId());
    assertThat(reader.ran()).isFalse();
  }

  @Test
  void aRegistryThatRefusesPushesOrIsDownIsAWarningAndTheBuildGoesOn() throws Exception {
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      proxy.failBlobUpload(1, RegistryProxy.Fault.STATUS_500);
      Machine refused = new Machine();
      RunLayer layer = refused.build(fleet(proxy.host(), true, refused.log), SCRIPT);
      assertThat(layer.file()).exists();
      assertThat(refused.log.lines())
          .anyMatch(l -> l.startsWith("WARN") && l.contains("Cannot publish to the fleet cache"));
    }
    Machine offline = new Machine();
    RunLayer layer = offline.build(fleet("127.0.0.1:" + freePort(), true, offline.log), SCRIPT);
    assertThat(layer.file()).exists();
    assertThat(offline.ran()).isTrue();
    assertThat(offline.log.lines())
        .anyMatch(l -> l.startsWith("WARN") && l.contains("goes on without it"));
  }

  @Test
  void aCorruptEntryIsIgnoredReportedAndReplaced() throws Exception {
    Machine first = new Machine();
    RunLayer made = first.build(fleet(REGISTRY.host(), false, first.log), SCRIPT);
    // Under the key: a blob whose digest is right but whose bytes are another layer's.
    OciFixtures.Layer other = OciFixtures.layer(Map.of("opt/when", "forged\n"));
    Path forged = Files.write(dir.resolve("forged.tar.gz"), other.gzip());
    String config =
        JSON.writeValueAsString(
            RunCache.describe(made)
                .put("digest", other.digest())
                .put("compressedSize", other.gzip().length));
    fleet(REGISTRY.host(), true, new RecordingLog())
        .publish(
            FleetRunLayers.KIND,
            FleetRunLayers.ARTIFACT_TYPE,
            made.key(),
            Map.of(),
            config.getBytes(StandardCharsets.UTF_8),
            List.of(
                new FleetCache.Blob(
                    FleetRunLayers.LAYER_TYPE, other.digest(), other.gzip().length, forged)));

    Machine second = new Machine();
    RunLayer replaced = second.build(fleet(REGISTRY.host(), true, second.log), SCRIPT);
    assertThat(second.ran()).isTrue();
    assertThat(second.log.lines())
        .anyMatch(
            l ->
                l.startsWith("WARN")
                    && l.contains("Ignoring the fleet cache entry")
                    && l.contains("not the described " + made.diffId()));
    assertThat(second.cache.resolve(made.key() + ".tar.gz"))
        .hasSameBinaryContentAs(replaced.file());

    Machine third = new Machine();
    assertThat(third.build(fleet(REGISTRY.host(), true, third.log), SCRIPT).diffId())
        .isEqualTo(replaced.diffId());
    assertThat(third.ran()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = RegistryProxy.Fault.class,
      names = {"ENDLESS_BODY", "OVERSIZED_BODY", "WRONG_DIGEST"})
  void aLayerServedEndlessLongerOrOtherIsAWarningAndTheStepRuns(RegistryProxy.Fault fault)
      throws Exception {
    Machine first = new Machine();
    RunLayer made = first.build(fleet(REGISTRY.host(), true, first.log), SCRIPT);
    try (RegistryProxy proxy =
        RegistryProxy.to(REGISTRY.host()).failBlobDownloads(made.digest(), fault)) {
      Machine second = new Machine();
      RunLayer layer = second.build(fleet(proxy.host(), true, second.log), SCRIPT);
      assertThat(second.ran()).isTrue();
      assertThat(layer.file()).exists();
      assertThat(second.log.lines())
          .anyMatch(
              l ->
                  l.startsWith("WARN")
                      && l.contains(
                          "Ignoring the fleet cache entry "
                              + proxy.host()
                              + "/"
                              + repository
                              + ":run-layer-"
                              + made.key())
                      && l.contains("blob " + made.digest()));
      try (var left = Files.list(second.cache)) {
        assertThat(left)
            .noneMatch(
                p ->
                    p.getFileName().toString().endsWith(".fleet")
                        || p.getFileName().toString().endsWith(".part"));
      }
    }
  }

  private String manifestDigest(String tag) {
    return OciFixtures.sha256(REGISTRY.getManifest(repository, tag).body());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
