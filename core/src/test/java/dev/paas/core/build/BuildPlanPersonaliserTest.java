package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.ArtifactResolver;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.ProfileParser;
import dev.paas.core.platform.Selection;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.ImagePusher;
import dev.paas.core.run.RunLayer;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.Sandbox;
import dev.paas.core.testing.BusyboxImage;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.TarLayer;
import dev.paas.core.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine of the Jib extension, without Jib or Maven: the official-base floor, the run layers
 * (with the same cache as paas:build), the environment's services and options, and the user.
 */
class BuildPlanPersonaliserTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  static final OciFixtures.Image OFFICIAL =
      OciFixtures.withConfig(
          BusyboxImage.image("debian"),
          config ->
              config
                  .with("config")
                  .put("User", "app")
                  .putArray("Env")
                  .add("PATH=/bin")
                  .add("JAVA_TOOL_OPTIONS=-Xss1m"));
  static final String AGENT = "/opt/paas/services/jacoco/org.jacoco.agent-0.8.15-runtime.jar";

  @TempDir static Path shared;
  @TempDir Path dir;
  static String official;
  static String heavy;
  static String unrelated;
  final RecordingLog log = new RecordingLog();
  PlatformProfile profile;
  ArtifactResolver artifacts;

  @BeforeAll
  static void pushImages() throws Exception {
    official = REGISTRY.host() + "/base/busybox:1";
    push(OFFICIAL, official);
    // The team's heavier base: the official one, a layer more, and its user set back to root.
    List<OciFixtures.Layer> layers = new ArrayList<>(OFFICIAL.layers());
    layers.add(new TarLayer().dir("opt/heavy", 0755).file("opt/heavy/tool", "tool\n").layer());
    OciFixtures.Image derived =
        OciFixtures.withConfig(
            OciFixtures.image(Map.of(), layers),
            config ->
                config
                    .with("config")
                    .put("User", "root")
                    .putArray("Env")
                    .add("PATH=/bin")
                    .add("JAVA_TOOL_OPTIONS=-Xss1m"));
    heavy = REGISTRY.host() + "/team/heavy:1";
    push(derived, heavy);
    unrelated = REGISTRY.host() + "/team/unrelated:1";
    push(OciFixtures.baseImage(), unrelated);
  }

  private static void push(OciFixtures.Image image, String reference) throws Exception {
    Path tar =
        OciFixtures.ociArchive(
            image, shared.resolve(reference.replaceAll("\\W", "_") + ".oci.tar"));
    try (OciImage archive = OciImage.open(ImageReference.parse("oci-archive:" + tar, "test"))) {
      new ImagePusher(CredentialSource.none(), true, BuildLog.silent())
          .push(archive, ImageReference.parse(reference, "test"), Optional.empty());
    }
  }

  @BeforeEach
  void platform() throws Exception {
    profile =
        ProfileParser.parse(
            "schemaVersion: 1\nname: acme\nofficialImages:\n"
                + "  - name: busybox\n    repository: "
                + REGISTRY.host()
                + "/base/busybox\n    tags: [\"1\"]\n"
                + "options:\n  motd:\n    description: a motd\n    files:\n      - path: /etc/motd\n"
                + "        content: hello\n    env:\n      TIER: gold\n",
            "acme.yaml",
            PlatformProfiles.embedded());
    Path jar =
        Files.write(
            dir.resolve("org.jacoco.agent-0.8.15-runtime.jar"), new byte[] {'P', 'K', 3, 4});
    artifacts = (coordinates, extension, purpose) -> jar;
    Path paas = Files.createDirectories(dir.resolve("project/.paas"));
    Files.writeString(
        paas.resolve("image-env.sh"),
        "echo \"$PAAS_ENVIRONMENTS\" > /opt/environments\nrm /opt/gone\n");
  }

  private BuildPlanPersonaliser.Request request(
      String base,
      String environment,
      List<String> environments,
      Map<String, String> teamEnv,
      Optional<String> teamUser)
      throws Exception {
    return new BuildPlanPersonaliser.Request(
        "<configuration>",
        ImageReference.parse(base, "test"),
        "<from><image>",
        Optional.empty(),
        profile,
        environment,
        environments,
        List.of(new Selection("motd", List.of())),
        List.of(new Selection("jacoco", List.of("test"))),
        dir.resolve("project"),
        List.of("com.example", "orders", "1.0"),
        teamEnv,
        teamUser,
        dir.resolve("staging"));
  }

  private BuildPlanPersonaliser personaliser() {
    return new BuildPlanPersonaliser(
        CredentialSource.none(),
        artifacts,
        dir.resolve("cache"),
        true,
        false,
        new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(1), 1L << 30),
        log);
  }

  @Test
  void aDerivedBaseGetsTheRunLayersTheTestServicesAndTheOfficialUser() throws Exception {
    BuildPlanPersonaliser.Result result =
        personaliser().personalise(request(heavy, "test", List.of(), Map.of(), Optional.empty()));

    assertThat(result.official().name()).isEqualTo("busybox");
    assertThat(result.official().reference()).isEqualTo(official);
    assertThat(result.pinned().toString()).startsWith(REGISTRY.host() + "/team/heavy@sha256:");
    assertThat(log.lines())
        .anyMatch(l -> l.contains(heavy + " derives from the official base busybox"));
    // The option's files, then image-env.sh, which saw the environments and deleted a base file.
    assertThat(result.runLayers())
        .extracting(RunLayer::step)
        .containsExactly("option motd", ".paas/image-env.sh");
    Map<String, TarArchiveEntry> imageEnv = entries(result.runLayers().get(1));
    assertThat(imageEnv).containsKeys("opt/environments", "opt/.wh.gone");
    assertThat(entries(result.runLayers().get(0))).containsKey("etc/motd");
    // JaCoCo on top, in test: its layer, its flag after the base's own JAVA_TOOL_OPTIONS, its port.
    assertThat(result.layers())
        .extracting(FileEntriesLayer::getName)
        .containsExactly("service jacoco");
    assertThat(result.layers().get(0).getEntries())
        .extracting(e -> e.getExtractionPath().toString())
        .contains(AGENT, "/opt/paas/services/jacoco/dump.sh");
    assertThat(result.image().env()).containsEntry("TIER", "gold");
    assertThat(result.image().env().get("JAVA_TOOL_OPTIONS"))
        .startsWith("-Xss1m -javaagent:" + AGENT + "=output=tcpserver");
    assertThat(result.image().ports()).containsExactly(Port.tcp(6300));
    assertThat(result.image().labels())
        .containsEntry(EnvironmentImage.LABEL_ENVIRONMENT, "test")
        .containsEntry(EnvironmentImage.LABEL_BASE_NAME, heavy)
        .containsEntry(
            EnvironmentImage.LABEL_BASE_DIGEST,
            result.pinned().location().substring(result.pinned().location().indexOf('@') + 1))
        .containsEntry("dev.paas.services", "jacoco")
        .containsEntry("dev.paas.options", "motd");
    // The heavier base runs as root; the image gets the official base's user.
    assertThat(result.user()).contains("app");
  }

  @Test
  void everyEnvironmentSharesTheRunLayersAndOnlyTestHasTheService() throws Exception {
    BuildPlanPersonaliser.Result test =
        personaliser()
            .personalise(
                request(official, "test", List.of("test", "prod"), Map.of(), Optional.empty()));
    BuildPlanPersonaliser.Result prod =
        personaliser()
            .personalise(
                request(official, "prod", List.of("test", "prod"), Map.of(), Optional.empty()));

    assertThat(prod.runLayers())
        .extracting(RunLayer::diffId)
        .containsExactlyElementsOf(test.runLayers().stream().map(RunLayer::diffId).toList());
    assertThat(log.lines())
        .anyMatch(l -> l.startsWith("INFO Using the cached layer of .paas/image-env.sh"));
    assertThat(prod.layers()).isEmpty();
    assertThat(prod.image().env())
        .doesNotContainKey("JAVA_TOOL_OPTIONS")
        .containsEntry("TIER", "gold");
    assertThat(prod.image().ports()).isEmpty();
    assertThat(prod.image().labels())
        .containsEntry(EnvironmentImage.LABEL_ENVIRONMENT, "prod")
        .doesNotContainKey("dev.paas.services");
  }

  @Test
  void theTeamsUserAndJavaToolOptionsAreKept() throws Exception {
    BuildPlanPersonaliser.Result result =
        personaliser()
            .personalise(
                request(
                    official,
                    "test",
                    List.of(),
                    Map.of("JAVA_TOOL_OPTIONS", "-Dteam=1"),
                    Optional.of("1000:1000")));

    assertThat(result.user()).isEmpty();
    assertThat(result.image().env().get("JAVA_TOOL_OPTIONS"))
        .startsWith("-Dteam=1 -javaagent:" + AGENT);
  }

  @Test
  void aBaseThatDoesNotDeriveFromAnOfficialOneIsRefusedNamingTheRule() {
    assertThatThrownBy(
            () ->
                personaliser()
                    .personalise(request(unrelated, "test", List.of(), Map.of(), Optional.empty())))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "<from><image> "
                + unrelated
                + " is not an official base and does not "
                + "derive from one (rule base-inheritance)")
        .hasMessageContaining("busybox (" + official + ")");
    assertThat(dir.resolve("cache/paas/run")).doesNotExist(); // nothing ran
  }

  @Test
  void withoutAnOfficialImageInTheProfileTheConfiguredOfficialBaseIsTheFloor() throws Exception {
    profile = PlatformProfiles.embedded();
    BuildPlanPersonaliser.Request request =
        new BuildPlanPersonaliser.Request(
            "<configuration>",
            ImageReference.parse(heavy, "test"),
            "<from><image>",
            Optional.of(official),
            profile,
            "prod",
            List.of(),
            List.of(),
            List.of(),
            dir.resolve("nothing"),
            List.of("g", "a", "1"),
            Map.of(),
            Optional.empty(),
            dir.resolve("staging"));
    BuildPlanPersonaliser.Result result = personaliser().personalise(request);
    assertThat(result.official().reference()).isEqualTo(official);
    assertThat(result.runLayers()).isEmpty();
    // The embedded default profile names no official base by design: said once, as information.
    assertThat(log.lines())
        .filteredOn(l -> l.contains(official + " is taken as the official base"))
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("INFO"));

    BuildPlanPersonaliser.Request none =
        new BuildPlanPersonaliser.Request(
            "<configuration>",
            ImageReference.parse(heavy, "test"),
            "<from><image>",
            Optional.empty(),
            profile,
            "prod",
            List.of(),
            List.of(),
            List.of(),
            dir.resolve("nothing"),
            List.of("g", "a", "1"),
            Map.of(),
            Optional.empty(),
            dir.resolve("staging"));
    assertThatThrownBy(() -> personaliser().personalise(none))
        .hasMessageContaining("No official base to check <from><image> " + heavy)
        .hasMessageContaining("rule base-inheritance");
  }

  @Test
  void anEnvironmentOutsideTheListAndUnknownOffersAreNamedWhereTheyAreConfigured()
      throws Exception {
    assertThatThrownBy(
            () ->
                personaliser()
                    .personalise(
                        request(
                            official, "qa", List.of("test", "prod"), Map.of(), Optional.empty())))
        .hasMessage(
            "The environment 'qa' is not one of <configuration><environments> [test, prod]: "
                + "add it there, or build one of those");
    BuildPlanPersonaliser.Request unknown =
        new BuildPlanPersonaliser.Request(
            "<configuration>",
            ImageReference.parse(official, "test"),
            "<from><image>",
            Optional.empty(),
            profile,
            "test",
            List.of(),
            List.of(new Selection("wgett", List.of())),
            List.of(),
            dir.resolve("project"),
            List.of("g", "a", "1"),
            Map.of(),
            Optional.empty(),
            dir.resolve("staging"));
    assertThatThrownBy(() -> personaliser().personalise(unknown))
        .hasMessageStartingWith(
            "<configuration><options> names 'wgett', which the platform profile")
        .hasMessageContaining("wget");
  }

  private static Map<String, TarArchiveEntry> entries(RunLayer layer) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(layer.file()));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        entries.put(entry.getName().replaceFirst("^\\./", ""), entry);
      }
    }
    return entries;
  }
}
