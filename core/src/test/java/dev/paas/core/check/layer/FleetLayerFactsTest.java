package dev.paas.core.check.layer;

import static dev.paas.core.check.layer.LayerFactsCacheTest.DIFF_ID;
import static dev.paas.core.check.layer.LayerFactsCacheTest.facts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two machines with empty check caches sharing layer facts through a real registry. */
class FleetLayerFactsTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULES = "sha256:" + "12".repeat(32);

  @TempDir Path dir;
  RecordingLog log = new RecordingLog();

  private FleetCache fleet(String repository, boolean push) throws Exception {
    return FleetCache.open(
        REGISTRY.host() + "/" + repository,
        push,
        CredentialSource.none(),
        true,
        "paas-maven-plugin test",
        log);
  }

  @Test
  void factsOneMachineReadComeToAnotherAndStayThere() throws Exception {
    FleetCache fleet = fleet("facts/shared", true);
    new LayerFactsCache(dir.resolve("a"), fleet, RULES).put(facts());

    LayerFactsCache second =
        new LayerFactsCache(dir.resolve("b"), fleet("facts/shared", true), RULES);
    assertThat(second.get(DIFF_ID)).contains(facts());
    // Kept on the second machine: its plain local cache has them now.
    assertThat(new LayerFactsCache(dir.resolve("b")).get(DIFF_ID)).contains(facts());
    // Other secret rules found other secrets: their facts are another entry.
    assertThat(
            new LayerFactsCache(
                    dir.resolve("c"), fleet("facts/shared", true), "sha256:" + "34".repeat(32))
                .get(DIFF_ID))
        .isEmpty();
    assertThat(log.lines()).noneMatch(l -> l.startsWith("WARN"));
  }

  @Test
  void aReadOnlyMachinePublishesNoFacts() throws Exception {
    new LayerFactsCache(dir.resolve("a"), fleet("facts/readonly", false), RULES).put(facts());
    assertThat(
            new LayerFactsCache(dir.resolve("b"), fleet("facts/readonly", true), RULES)
                .get(DIFF_ID))
        .isEmpty();
  }

  @Test
  void corruptOrHostileFactsAreIgnoredReportedAndReplaced() throws Exception {
    FleetCache fleet = fleet("facts/corrupt", true);
    FleetLayerFacts facts = new FleetLayerFacts(fleet, RULES);
    // Facts that claim two billion entries: read, they must fail, not exhaust the memory.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      out.writeInt(0x50414153);
      out.writeUTF(DIFF_ID);
      out.writeInt(0);
      out.writeInt(Integer.MAX_VALUE);
    }
    Path hostile = Files.write(dir.resolve("hostile.facts"), bytes.toByteArray());
    byte[] config =
        ("{\"diffId\":\""
                + DIFF_ID
                + "\",\"version\":"
                + LayerFactsCache.VERSION
                + ",\"rules\":\""
                + RULES
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    fleet.publish(
        FleetLayerFacts.KIND,
        FleetLayerFacts.ARTIFACT_TYPE,
        facts.key(DIFF_ID),
        Map.of(),
        config,
        List.of(
            new FleetCache.Blob(
                FleetLayerFacts.FACTS_TYPE,
                OciImage.sha256(hostile),
                Files.size(hostile),
                hostile)));

    LayerFactsCache machine = new LayerFactsCache(dir.resolve("b"), fleet, RULES);
    assertThat(machine.get(DIFF_ID)).isEmpty();
    assertThat(log.lines())
        .anyMatch(
            l ->
                l.startsWith("WARN")
                    && l.contains("Ignoring the fleet cache entry")
                    && l.contains("cannot be read as the facts of " + DIFF_ID));

    // The machine reads the layer itself and its facts replace the entry.
    machine.put(facts());
    assertThat(
            new LayerFactsCache(dir.resolve("c"), fleet("facts/corrupt", true), RULES).get(DIFF_ID))
        .contains(facts());
  }

  @Test
  void factsServedWithoutEndAreCutAtTheirSizeReportedAndReadHere() throws Exception {
    FleetCache fleet = fleet("facts/endless", true);
    new LayerFactsCache(dir.resolve("a"), fleet, RULES).put(facts());
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      String factsBlob =
          JSON.readTree(
                  REGISTRY
                      .getManifest(
                          "facts/endless",
                          "layer-facts-" + new FleetLayerFacts(fleet, RULES).key(DIFF_ID))
                      .body())
              .path("layers")
              .get(0)
              .path("digest")
              .asText();
      proxy.failBlobDownloads(factsBlob, RegistryProxy.Fault.ENDLESS_BODY);
      FleetCache hostile =
          FleetCache.open(
              proxy.host() + "/facts/endless",
              true,
              CredentialSource.none(),
              true,
              "paas-maven-plugin test",
              log);

      assertThat(new LayerFactsCache(dir.resolve("b"), hostile, RULES).get(DIFF_ID)).isEmpty();
      assertThat(log.lines())
          .anyMatch(
              l ->
                  l.startsWith("WARN")
                      && l.contains("Ignoring the fleet cache entry")
                      && l.contains("more than the"));
      assertThat(hostile.publishes()).isTrue();
    }
  }
}
