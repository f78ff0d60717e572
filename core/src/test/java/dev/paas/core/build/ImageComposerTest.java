package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.EnvironmentAdditions;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.ImagePusher;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
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
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composes real images with Jib on tiny bases: one pushed to a real registry, one in an OCI
 * archive, one in a docker archive; then reads what was written as skopeo and a registry would.
 */
class ImageComposerTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final OciFixtures.Image BASE = OciFixtures.baseImage();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] CLASS_BYTES = {
    (byte) 0xCA,
    (byte) 0xFE,
    (byte) 0xBA,
    (byte) 0xBE,
    0,
    0,
    0,
    61,
    0,
    10,
    1,
    0,
    4,
    'M',
    'a',
    'i',
    'n'
  };

  @TempDir static Path shared;

  @TempDir Path dir;

  private static String baseRef;
  private final RecordingLog log = new RecordingLog();

  @BeforeAll
  static void pushBase() throws Exception {
    baseRef = REGISTRY.host() + "/base/java17:1";
    Path tar = OciFixtures.ociArchive(BASE, shared.resolve("base.oci.tar"));
    try (OciImage image = OciImage.open(ImageReference.parse("oci-archive:" + tar, "test"))) {
      new ImagePusher(CredentialSource.none(), true, BuildLog.silent())
          .push(image, ImageReference.parse(baseRef, "test"), Optional.empty());
    }
  }

  @Test
  void composesOneImagePerEnvironmentOnARegistryBase() throws Exception {
    BuildRequest request = jarRequest(baseRef, List.of("test", "prod"), dir);

    List<BuiltImage> built = composer().compose(request);

    Path manifestFile = dir.resolve("out").resolve(ImagesManifest.FILE_NAME);
    assertThat(manifestFile).isRegularFile();
    assertThat(ImagesManifest.read(manifestFile)).containsExactlyElementsOf(built);
    assertThat(built).extracting(BuiltImage::environment).containsExactly("test", "prod");
    assertThat(built.get(0).reference()).isEqualTo(REGISTRY.host() + "/team/app:1.0-test");
    assertThat(built.get(1).reference()).isEqualTo(REGISTRY.host() + "/team/app:1.0-prod");
    assertThat(built.get(0).digest()).isNotEqualTo(built.get(1).digest());

    for (BuiltImage image : built) {
      String env = image.environment();
      Path archive = dir.resolve("out").resolve(env + ".oci.tar");
      assertThat(image.archive()).isEqualTo("oci-archive:" + archive);
      assertThat(archive).isRegularFile();
      assertThat(image.baseImage()).isEqualTo(baseRef);
      assertThat(image.baseDigest()).isEqualTo(BASE.manifestDigest());

      JsonNode inspected = skopeoInspect(image.archive());
      assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());

      try (OciImage oci = OciImage.open(ImageReference.parse(image.archive(), "test"))) {
        assertThat(oci.manifestDigest()).isEqualTo(image.digest());
        assertThat(oci.config().digest()).isEqualTo(image.configDigest());
        assertThat(oci.diffIds()).isEqualTo(image.layers());
        assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
        assertThat(image.layers()).hasSize(BASE.layers().size() + 4);

        JsonNode config = oci.configJson().path("config");
        JsonNode labels = config.path("Labels");
        assertThat(labels.path(EnvironmentImage.LABEL_BASE_NAME).asText()).isEqualTo(baseRef);
        assertThat(labels.path(EnvironmentImage.LABEL_BASE_DIGEST).asText())
            .isEqualTo(BASE.manifestDigest());
        assertThat(labels.path(EnvironmentImage.LABEL_ENVIRONMENT).asText()).isEqualTo(env);
        assertThat(labels.path("team").asText()).isEqualTo("payments");
        assertThat(inspected.path("Labels").path(EnvironmentImage.LABEL_ENVIRONMENT).asText())
            .isEqualTo(env);

        List<String> entrypoint = texts(config.path("Entrypoint"));
        assertThat(entrypoint).contains("-Xmx256m", "-Dapp.mode=" + "container");
        assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo("com.example.Main");
        assertThat(entrypoint.indexOf("-Xmx256m"))
            .isLessThan(entrypoint.indexOf("com.example.Main"));

        // Base layers first, then dependencies, snapshot dependencies, resources, classes.
        List<Map<String, byte[]>> layers = layerFiles(oci);
        assertThat(layers.get(0)).containsKey("etc/passwd");
        assertThat(new String(layers.get(0).get("etc/passwd"), StandardCharsets.UTF_8))
            .startsWith("root:x:0:0");
        int app = BASE.layers().size();
        assertThat(layers.get(app).keySet()).containsExactly("app/libs/commons-text-1.12.0.jar");
        assertThat(layers.get(app + 1).keySet())
            .containsExactly("app/libs/team-shared-2.1-SNAPSHOT.jar");
        assertThat(layers.get(app + 2).keySet()).containsExactly("app/resources/app.properties");
        assertThat(layers.get(app + 3).keySet())
            .containsExactlyInAnyOrder(
                "app/classes/com/example/Main.class", "app/classes/META-INF/paas/libraries.json");
        assertThat(layers.get(app + 3).get("app/classes/com/example/Main.class"))
            .isEqualTo(CLASS_BYTES);
        // the build's record of the libraries it put in: coordinates and SHA-256 of each jar
        JsonNode record =
            new ObjectMapper()
                .readTree(layers.get(app + 3).get("app/classes/META-INF/paas/libraries.json"));
        assertThat(record.path("libraries")).hasSize(2);
        JsonNode text = record.path("libraries").get(0);
        assertThat(text.path("file").asText()).isEqualTo("commons-text-1.12.0.jar");
        assertThat(text.path("coordinates").asText())
            .isEqualTo("org.apache.commons:commons-text:1.12.0");
        assertThat(text.path("sha256").asText())
            .isEqualTo(
                HexFormat.of()
                    .formatHex(
                        MessageDigest.getInstance("SHA-256")
                            .digest(layers.get(app).get("app/libs/commons-text-1.12.0.jar"))));
      }
    }
  }

  @Test
  void aComposedImagePushesUnderTheDigestOfImagesJsonMountingTheBaseLayers() throws Exception {
    BuiltImage image = composer().compose(jarRequest(baseRef, List.of("test"), dir)).get(0);

    ImagePusher.PushResult result;
    try (OciImage oci = OciImage.open(ImageReference.parse(image.archive(), "test"))) {
      result =
          new ImagePusher(CredentialSource.none(), true, log)
              .push(
                  oci,
                  ImageReference.parse(image.reference(), "test"),
                  Optional.of(ImageReference.parse(image.baseImage(), "test")));
    }

    assertThat(result.digest()).isEqualTo(image.digest());
    assertThat(result.mounted()).isEqualTo(BASE.layers().size());
    assertThat(result.uploaded()).isEqualTo(4 + 1);
    assertThat(
            REGISTRY
                .getManifest("team/app", "1.0-test")
                .headers()
                .firstValue("Docker-Content-Digest"))
        .contains(image.digest());
  }

  @Test
  void buildingTwiceGivesTheSameDigests() throws Exception {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    Files.createDirectories(first);
    Files.createDirectories(second);
    Application.Jar app = jarApplication(dir.resolve("project"));

    List<BuiltImage> one =
        composer()
            .compose(
                jarRequest(
                    baseRef,
                    List.of("test", "prod"),
                    app,
                    first.resolve("out"),
                    first.resolve("app-cache"),
                    first.resolve("base-cache")));
    List<BuiltImage> two =
        composer()
            .compose(
                jarRequest(
                    baseRef,
                    List.of("test", "prod"),
                    app,
                    second.resolve("out"),
                    second.resolve("app-cache"),
                    second.resolve("base-cache")));

    assertThat(two)
        .extracting(BuiltImage::digest)
        .containsExactlyElementsOf(one.stream().map(BuiltImage::digest).toList());
    assertThat(two)
        .extracting(BuiltImage::configDigest)
        .containsExactlyElementsOf(one.stream().map(BuiltImage::configDigest).toList());
    assertThat(Files.readAllBytes(second.resolve("out/test.oci.tar")))
        .as("the archive itself is reproducible")
        .isEqualTo(Files.readAllBytes(first.resolve("out/test.oci.tar")));
  }

  @Test
  void aUserIsSetOnTheImage() throws Exception {
    BuildRequest base = jarRequest(baseRef, List.of(), dir);
    BuildRequest request =
        new BuildRequest(
            base.baseImage(),
            base.image(),
            base.environments(),
            base.application(),
            base.jvmFlags(),
            Optional.of("app"),
            base.labels(),
            base.outputDirectory(),
            base.applicationCache(),
            base.baseCache(),
            true,
            false);

    BuiltImage image = composer().compose(request).get(0);

    try (OciImage oci = OciImage.open(ImageReference.parse(image.archive(), "test"))) {
      assertThat(oci.configJson().path("config").path("User").asText()).isEqualTo("app");
    }
  }

  @Test
  void withoutEnvironmentsOneDefaultImageIsBuiltUnderTheReferenceAsGiven() throws Exception {
    List<BuiltImage> built = composer().compose(jarRequest(baseRef, List.of(), dir));

    assertThat(built).hasSize(1);
    assertThat(built.get(0).environment()).isEqualTo(BuildRequest.DEFAULT_ENVIRONMENT);
    assertThat(built.get(0).reference()).isEqualTo(REGISTRY.host() + "/team/app:1.0");
    assertThat(built.get(0).archive())
        .isEqualTo("oci-archive:" + dir.resolve("out/default.oci.tar"));
  }

  @Test
  void aBaseGivenByDigestIsUsedAsGiven() throws Exception {
    String byDigest = REGISTRY.host() + "/base/java17@" + BASE.manifestDigest();

    BuiltImage image = composer().compose(jarRequest(byDigest, List.of(), dir)).get(0);

    assertThat(image.baseImage()).isEqualTo(byDigest);
    assertThat(image.baseDigest()).isEqualTo(BASE.manifestDigest());
    assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
  }

  @Test
  void aPlainHttpBaseRegistryIsRefusedUnlessInsecureRegistriesAreAllowed() throws Exception {
    BuildRequest valid = jarRequest(baseRef, List.of(), dir);
    BuildRequest strict =
        new BuildRequest(
            valid.baseImage(),
            valid.image(),
            valid.environments(),
            valid.application(),
            valid.jvmFlags(),
            valid.user(),
            valid.labels(),
            valid.outputDirectory(),
            valid.applicationCache(),
            valid.baseCache(),
            false,
            false);

    assertThatThrownBy(() -> composer().compose(strict))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INSECURE))
        .hasMessageContaining(REGISTRY.host())
        .hasMessageContaining("allowInsecureRegistries");
    assertThat(dir.resolve("out").resolve(ImagesManifest.FILE_NAME)).doesNotExist();
  }

  @Test
  void aMultiPlatformBaseResolvesToItsLinuxAmd64Image() throws Exception {
    OciFixtures.Image arm =
        OciFixtures.image(
            Map.of("arch", "arm64"),
            List.of(OciFixtures.layer(Map.of("etc/passwd", "root:x:0:0:arm:/root:/bin/sh\n"))),
            "arm64");
    String index = pushIndex("base/multi", "1", arm, BASE);

    BuiltImage image =
        composer().compose(jarRequest(REGISTRY.host() + "/base/multi:1", List.of(), dir)).get(0);

    assertThat(index).isNotEqualTo(BASE.manifestDigest());
    assertThat(image.baseDigest()).isEqualTo(BASE.manifestDigest());
    assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
  }

  @Test
  void aMultiPlatformBaseWithoutLinuxAmd64IsAClearError() throws Exception {
    OciFixtures.Image arm =
        OciFixtures.image(
            Map.of("arch", "arm64-only"),
            List.of(OciFixtures.layer(Map.of("etc/passwd", "root:x:0:0:arm-only:/root:/bin/sh\n"))),
            "arm64");
    pushIndex("base/arm-only", "1", arm);
    String base = REGISTRY.host() + "/base/arm-only:1";

    assertThatThrownBy(() -> composer().compose(jarRequest(base, List.of(), dir)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(base)
        .hasMessageContaining("linux/amd64");
    assertThat(dir.resolve("out").resolve(ImagesManifest.FILE_NAME)).doesNotExist();
  }

  @Test
  void aBaseMissingFromTheRegistryFailsNamingBaseImageAndLeavesNoImagesJson() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path stale = Files.writeString(out.resolve(ImagesManifest.FILE_NAME), "{\"images\":[]}");
    String missing = REGISTRY.host() + "/base/no-such-image:1";

    assertThatThrownBy(() -> composer().compose(jarRequest(missing, List.of("test"), dir)))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
        .hasMessageContaining(missing)
        .hasMessageContaining("404")
        .hasMessageContaining("<baseImage>");
    assertThat(stale).doesNotExist();
  }

  @Test
  void aFailedBuildAlsoRemovesAnEarlierImagesJson() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path stale = Files.writeString(out.resolve(ImagesManifest.FILE_NAME), "{\"images\":[]}");
    Path missingWar = dir.resolve("target/app");
    BuildRequest request =
        request(
            "oci-archive:" + baseArchive(),
            List.of(),
            new Application.War(missingWar, "/jetty/webapps/ROOT"),
            List.of(),
            dir);

    assertThatThrownBy(() -> composer().compose(request))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("Building the image for environment 'default' failed")
        .hasMessageContaining(missingWar.toString())
        .hasMessageContaining("war:war");
    assertThat(stale).doesNotExist();
  }

  @Test
  void aLocalTargetImageIsRejectedWithEnvironments() throws Exception {
    BuildRequest valid = jarRequest("oci-archive:" + baseArchive(), List.of("test"), dir);
    BuildRequest request =
        new BuildRequest(
            valid.baseImage(),
            ImageReference.parse("oci-archive:" + dir.resolve("app.tar"), "<image>"),
            valid.environments(),
            valid.application(),
            valid.jvmFlags(),
            valid.user(),
            valid.labels(),
            valid.outputDirectory(),
            valid.applicationCache(),
            valid.baseCache(),
            true,
            false);

    assertThatThrownBy(() -> composer().compose(request))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("<image> must be a registry reference");
  }

  @Test
  void aLocalTargetImageIsRejectedWithoutEnvironments() throws Exception {
    BuildRequest valid = jarRequest("oci-archive:" + baseArchive(), List.of(), dir);
    BuildRequest request =
        new BuildRequest(
            valid.baseImage(),
            ImageReference.parse("oci-archive:" + dir.resolve("app.tar"), "<image>"),
            valid.environments(),
            valid.application(),
            valid.jvmFlags(),
            valid.user(),
            valid.labels(),
            valid.outputDirectory(),
            valid.applicationCache(),
            valid.baseCache(),
            true,
            false);

    assertThatThrownBy(() -> composer().compose(request))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("<image>")
        .hasMessageContaining("registry reference");
  }

  @Test
  void composesOnABaseFromAnOciArchive() throws Exception {
    Path archive = baseArchive();
    String base = "oci-archive:" + archive;

    List<BuiltImage> built = composer().compose(jarRequest(base, List.of("test"), dir));

    BuiltImage image = built.get(0);
    assertThat(image.baseImage()).isEqualTo(base);
    assertThat(image.baseDigest()).isEqualTo(BASE.manifestDigest());
    assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
    assertThat(skopeoInspect(image.archive()).path("Digest").asText()).isEqualTo(image.digest());
    try (OciImage oci = OciImage.open(ImageReference.parse(image.archive(), "test"))) {
      JsonNode labels = oci.configJson().path("config").path("Labels");
      assertThat(labels.path(EnvironmentImage.LABEL_BASE_NAME).asText()).isEqualTo(base);
      assertThat(labels.path(EnvironmentImage.LABEL_BASE_DIGEST).asText())
          .isEqualTo(BASE.manifestDigest());
      assertThat(layerFiles(oci).get(0)).containsKey("etc/passwd");
    }
  }

  @Test
  void composesOnABaseFromAnOciLayoutDirectory() throws Exception {
    Path layout = OciFixtures.ociDir(BASE, dir.resolve("base-layout"));

    BuiltImage image = composer().compose(jarRequest("oci:" + layout, List.of(), dir)).get(0);

    assertThat(image.baseDigest()).isEqualTo(BASE.manifestDigest());
    assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
  }

  @Test
  void composesOnABaseFromADockerArchive() throws Exception {
    Path archive =
        OciFixtures.dockerArchive(BASE, "paas-test/base:1", dir.resolve("base.docker.tar"));
    String base = "docker-archive:" + archive;

    BuiltImage image = composer().compose(jarRequest(base, List.of("prod"), dir)).get(0);

    assertThat(image.reference()).endsWith(":1.0-prod");
    assertThat(image.baseImage()).isEqualTo(base);
    assertThat(image.baseDigest())
        .as("a docker archive is identified by its config digest")
        .isEqualTo(BASE.configDigest());
    assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
    assertThat(skopeoInspect(image.archive()).path("Digest").asText()).isEqualTo(image.digest());
    try (OciImage oci = OciImage.open(ImageReference.parse(image.archive(), "test"))) {
      assertThat(layerFiles(oci).get(0)).containsKey("etc/passwd");
    }
  }

  @Test
  void aMissingDockerArchiveBaseIsAClearError() throws Exception {
    Path missing = dir.resolve("nope.tar");

    assertThatThrownBy(
            () -> composer().compose(jarRequest("docker-archive:" + missing, List.of(), dir)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("<baseImage>")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void anOciArchiveGivenAsDockerArchiveIsAClearError() throws Exception {
    Path archive = baseArchive();

    assertThatThrownBy(
            () -> composer().compose(jarRequest("docker-archive:" + archive, List.of(), dir)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("is not a docker archive")
        .hasMessageContaining("oci-archive:" + archive);
  }

  @Test
  void composesAWarExplodedUnderTheAppRoot() throws Exception {
    Path war = dir.resolve("target/app");
    write(war.resolve("index.html"), "<h1>hello</h1>");
    write(war.resolve("WEB-INF/web.xml"), "<web-app/>");
    Files.createDirectories(war.resolve("WEB-INF/classes/com/example"));
    Files.write(war.resolve("WEB-INF/classes/com/example/HelloServlet.class"), CLASS_BYTES);
    jar(war.resolve("WEB-INF/lib/commons-text-1.12.0.jar"), "org/apache/commons/text/Foo.class");
    jar(war.resolve("WEB-INF/lib/team-shared-2.1-SNAPSHOT.jar"), "com/example/shared/Bar.class");
    // Development only: maven-war-plugin copied it, the image leaves it out.
    jar(
        war.resolve("WEB-INF/lib/spring-boot-devtools-3.3.5.jar"),
        "org/springframework/boot/devtools/X.class");
    BuildRequest request =
        request(
            "oci-archive:" + baseArchive(),
            List.of("test"),
            new Application.War(
                war, "/jetty/webapps/ROOT", Set.of("spring-boot-devtools-3.3.5.jar")),
            List.of("-Xmx128m", "-Dmode=war"),
            dir);

    BuiltImage image = composer().compose(request).get(0);

    assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new));
    assertThat(image.layers()).hasSize(BASE.layers().size() + 4);
    try (OciImage oci = OciImage.open(ImageReference.parse(image.archive(), "test"))) {
      List<Map<String, byte[]>> layers = layerFiles(oci);
      int app = BASE.layers().size();
      String root = "jetty/webapps/ROOT/";
      assertThat(layers.get(app).keySet())
          .containsExactly(root + "WEB-INF/lib/commons-text-1.12.0.jar");
      assertThat(layers.get(app + 1).keySet())
          .containsExactly(root + "WEB-INF/lib/team-shared-2.1-SNAPSHOT.jar");
      assertThat(layers.get(app + 2).keySet())
          .containsExactlyInAnyOrder(root + "index.html", root + "WEB-INF/web.xml");
      assertThat(layers.get(app + 3).keySet())
          .containsExactly(root + "WEB-INF/classes/com/example/HelloServlet.class");
      assertThat(layers.get(app + 3).get(root + "WEB-INF/classes/com/example/HelloServlet.class"))
          .isEqualTo(CLASS_BYTES);

      JsonNode config = oci.configJson().path("config");
      assertThat(texts(config.path("Env"))).contains("JAVA_TOOL_OPTIONS=-Xmx128m -Dmode=war");
      assertThat(texts(config.path("Cmd")))
          .as("the base's command starts the container")
          .containsExactly("/bin/sh");
      assertThat(config.path("Labels").path(EnvironmentImage.LABEL_ENVIRONMENT).asText())
          .isEqualTo("test");
    }
  }

  @Test
  void servicesAddTheirLayerFlagsPortsAndLabelsOnTopOfTheirEnvironmentOnly() throws Exception {
    OciFixtures.Image base =
        OciFixtures.image(
            Map.of(), BASE.layers(), "amd64", List.of("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75"));
    Path archive = OciFixtures.ociArchive(base, dir.resolve("base-with-options.oci.tar"));
    Path agent =
        Files.write(dir.resolve("agent-1.0.jar"), "agent bytes".getBytes(StandardCharsets.UTF_8));
    EnvironmentAdditions test =
        new EnvironmentAdditions(
            List.of(
                new EnvironmentAdditions.Layer(
                    "service agent",
                    List.of(
                        new EnvironmentAdditions.Entry(
                            "/opt/paas/services/agent/agent-1.0.jar", Optional.of(agent), "", 0644),
                        new EnvironmentAdditions.Entry(
                            "/opt/paas/services/agent/start.sh",
                            Optional.empty(),
                            "#!/bin/sh\n",
                            0755)))),
            Map.of("AGENT_MODE", "on"),
            List.of("-javaagent:/opt/paas/services/agent/agent-1.0.jar"),
            Map.of("dev.paas.services", "agent"),
            List.of("6300", "53/udp"),
            List.of());
    BuildRequest plain = jarRequest("oci-archive:" + archive, List.of("test", "prod"), dir);
    BuildRequest request =
        new BuildRequest(
            plain.baseImage(),
            plain.image(),
            plain.environments(),
            plain.application(),
            plain.jvmFlags(),
            plain.user(),
            plain.labels(),
            plain.outputDirectory(),
            plain.applicationCache(),
            plain.baseCache(),
            plain.allowInsecureRegistries(),
            plain.offline(),
            List.of(),
            plain.run(),
            Map.of("test", test));

    List<BuiltImage> built = composer().compose(request);

    BuiltImage testImage = built.get(0);
    BuiltImage prodImage = built.get(1);
    assertThat(testImage.layers())
        .hasSize(prodImage.layers().size() + 1)
        .startsWith(prodImage.layers().toArray(String[]::new));
    try (OciImage oci = OciImage.open(ImageReference.parse(testImage.archive(), "test"))) {
      Map<String, byte[]> top = layerFiles(oci).get(testImage.layers().size() - 1);
      assertThat(top.keySet())
          .contains("opt/paas/services/agent/agent-1.0.jar", "opt/paas/services/agent/start.sh");
      assertThat(
              new String(top.get("opt/paas/services/agent/agent-1.0.jar"), StandardCharsets.UTF_8))
          .isEqualTo("agent bytes");
      JsonNode config = oci.configJson().path("config");
      // The base's own JAVA_TOOL_OPTIONS stays, first.
      assertThat(texts(config.path("Env")))
          .contains(
              "AGENT_MODE=on",
              "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 -javaagent:/opt/paas/services/agent/agent-1.0.jar");
      assertThat(config.path("ExposedPorts").has("6300/tcp")).isTrue();
      assertThat(config.path("ExposedPorts").has("53/udp")).isTrue();
      assertThat(config.path("Labels").path("dev.paas.services").asText()).isEqualTo("agent");
    }
    try (OciImage oci = OciImage.open(ImageReference.parse(prodImage.archive(), "prod"))) {
      JsonNode config = oci.configJson().path("config");
      assertThat(texts(config.path("Env")))
          .contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75")
          .noneMatch(e -> e.startsWith("AGENT_MODE="));
      assertThat(config.path("ExposedPorts").size()).isZero();
    }
  }

  @Test
  void optionFlagsGoOnTheLauncherAndTheTeamSetsPortsVariablesAndLabels() throws Exception {
    EnvironmentAdditions test =
        new EnvironmentAdditions(
            List.of(),
            Map.of("LANG", "C.UTF-8"),
            List.of("-javaagent:/opt/agent.jar"),
            Map.of(),
            List.of(),
            List.of(),
            List.of("-Dfile.encoding=UTF-8"));
    BuildRequest plain = jarRequest("oci-archive:" + baseArchive(), List.of("test", "prod"), dir);
    ContainerSettings team =
        ContainerSettings.of(
            "<paas>",
            List.of("9090", "53/udp"),
            Map.of("TEAM", "orders"),
            Map.of("com.example.team", "orders"));
    BuildRequest request =
        new BuildRequest(
            plain.baseImage(),
            plain.image(),
            plain.environments(),
            plain.application(),
            plain.jvmFlags(),
            plain.user(),
            plain.labels(),
            plain.outputDirectory(),
            plain.applicationCache(),
            plain.baseCache(),
            plain.allowInsecureRegistries(),
            plain.offline(),
            List.of(),
            plain.run(),
            Map.of("test", test),
            team);

    List<BuiltImage> built =
        new ImageComposer(CredentialSource.none(), log, "1.2.3").compose(request);

    try (OciImage oci = OciImage.open(ImageReference.parse(built.get(0).archive(), "test"))) {
      JsonNode config = oci.configJson();
      List<String> entrypoint = texts(config.path("config").path("Entrypoint"));
      // The option's flag is the launcher's own, before the main class; the service's agent stays
      // in JAVA_TOOL_OPTIONS, which every JVM reads whatever the entrypoint.
      assertThat(entrypoint).contains("-Dfile.encoding=UTF-8");
      assertThat(entrypoint.indexOf("-Dfile.encoding=UTF-8"))
          .isLessThan(entrypoint.indexOf("com.example.Main"));
      assertThat(texts(config.path("config").path("Env")))
          .contains("JAVA_TOOL_OPTIONS=-javaagent:/opt/agent.jar", "TEAM=orders", "LANG=C.UTF-8")
          .noneMatch(e -> e.startsWith("JAVA_TOOL_OPTIONS=") && e.contains("file.encoding"));
      assertThat(config.path("config").path("ExposedPorts").has("9090/tcp")).isTrue();
      assertThat(config.path("config").path("ExposedPorts").has("53/udp")).isTrue();
      assertThat(config.path("config").path("Labels").path("com.example.team").asText())
          .isEqualTo("orders");
      // The history names this plugin's version, not jib-core's.
      List<String> createdBy = new ArrayList<>();
      config.path("history").forEach(h -> createdBy.add(h.path("created_by").asText()));
      assertThat(createdBy).contains("paas-maven-plugin:1.2.3").noneMatch(c -> c.contains("0.27"));
    }
    try (OciImage oci = OciImage.open(ImageReference.parse(built.get(1).archive(), "prod"))) {
      JsonNode config = oci.configJson().path("config");
      assertThat(texts(config.path("Entrypoint"))).doesNotContain("-Dfile.encoding=UTF-8");
      assertThat(texts(config.path("Env"))).contains("TEAM=orders");
      assertThat(config.path("ExposedPorts").has("9090/tcp")).isTrue();
    }
    // Jib's lifecycle lines and progress bars are said once, not once per environment.
    assertThat(log.lines()).filteredOn(l -> l.startsWith("INFO Building prod: ")).isEmpty();
    assertThat(log.lines()).filteredOn(l -> l.startsWith("INFO Building test: ")).isNotEmpty();
    assertThat(log.lines())
        .filteredOn(l -> l.startsWith("INFO Container entrypoint set to"))
        .as("test's entrypoint differs from prod's by the option's flag: each is said once")
        .hasSize(2);
  }

  @Test
  void theSameLifecycleLineIsSaidOnceForEveryEnvironment() throws Exception {
    composer().compose(jarRequest("oci-archive:" + baseArchive(), List.of("test", "prod"), dir));

    assertThat(log.lines())
        .filteredOn(l -> l.startsWith("INFO Container entrypoint set to"))
        .hasSize(1);
    assertThat(log.lines())
        .filteredOn(l -> l.startsWith("DEBUG Container entrypoint set to"))
        .hasSize(1);
  }

  @Test
  void offlineWithoutAnEarlierOnlineBuildSaysSo() throws Exception {
    BuildRequest online = jarRequest(REGISTRY.host() + "/base/never-pulled:1", List.of(), dir);
    BuildRequest offline =
        new BuildRequest(
            online.baseImage(),
            online.image(),
            online.environments(),
            online.application(),
            online.jvmFlags(),
            online.user(),
            online.labels(),
            online.outputDirectory(),
            online.applicationCache(),
            online.baseCache(),
            true,
            true);

    assertThatThrownBy(() -> composer().compose(offline))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("Offline")
        .hasMessageContaining("never been pulled")
        .hasMessageContaining(online.baseImage().toString());
  }

  @Test
  void offlineAfterAnOnlineBuildUsesTheCacheAndGivesTheSameImage() throws Exception {
    Path baseCache = dir.resolve("base-cache");
    Application.Jar app = jarApplication(dir.resolve("project"));
    List<BuiltImage> online;
    String base;
    try (TestRegistry transient_ = TestRegistry.started()) {
      base = transient_.host() + "/base/java17:1";
      Path tar = OciFixtures.ociArchive(BASE, dir.resolve("base.oci.tar"));
      try (OciImage image = OciImage.open(ImageReference.parse("oci-archive:" + tar, "test"))) {
        new ImagePusher(CredentialSource.none(), true, log)
            .push(image, ImageReference.parse(base, "test"), Optional.empty());
      }
      online =
          composer()
              .compose(
                  jarRequest(
                      base,
                      List.of("test"),
                      app,
                      dir.resolve("online"),
                      dir.resolve("online/app-cache"),
                      baseCache));
    }
    // The registry is gone now: only the caches can provide the base.
    BuildRequest again =
        jarRequest(
            base,
            List.of("test"),
            app,
            dir.resolve("offline"),
            dir.resolve("offline/app-cache"),
            baseCache);
    BuildRequest offline =
        new BuildRequest(
            again.baseImage(),
            again.image(),
            again.environments(),
            again.application(),
            again.jvmFlags(),
            again.user(),
            again.labels(),
            again.outputDirectory(),
            again.applicationCache(),
            again.baseCache(),
            true,
            true);

    List<BuiltImage> built = composer().compose(offline);

    assertThat(built.get(0).digest()).isEqualTo(online.get(0).digest());
    assertThat(built.get(0).baseDigest()).isEqualTo(BASE.manifestDigest());
  }

  // --- fixtures ---

  /** Pushes each image by digest to {@code repository}, then an index of them under {@code tag}. */
  private String pushIndex(String repository, String tag, OciFixtures.Image... images)
      throws Exception {
    Map<OciFixtures.Image, String> architectures = new LinkedHashMap<>();
    for (OciFixtures.Image image : images) {
      Path tar =
          OciFixtures.ociArchive(image, dir.resolve(image.manifestDigest().substring(7) + ".tar"));
      try (OciImage oci = OciImage.open(ImageReference.parse("oci-archive:" + tar, "test"))) {
        new ImagePusher(CredentialSource.none(), true, log)
            .push(
                oci,
                ImageReference.parse(
                    REGISTRY.host()
                        + "/"
                        + repository
                        + ":"
                        + image.configDigest().substring(7, 19),
                    "test"),
                Optional.empty());
      }
      architectures.put(image, image.configJson().path("architecture").asText());
    }
    byte[] index = OciFixtures.platformIndex(architectures);
    return new RegistryClient(REGISTRY.host(), Optional.empty(), true)
        .putManifest(repository, tag, index, OciFixtures.INDEX_TYPE);
  }

  private ImageComposer composer() {
    return new ImageComposer(CredentialSource.none(), log);
  }

  private Path baseArchive() {
    Path archive = dir.resolve("base.oci.tar");
    if (!Files.exists(archive)) {
      OciFixtures.ociArchive(BASE, archive);
    }
    return archive;
  }

  @Test
  void aRegistryThatFailsMidwayThroughThePullFailsTheBuildCleanlyAndARetryWorks() throws Exception {
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host())) {
      // The manifest resolves (paas pins the digest), then every layer download breaks.
      proxy.failBlobDownloads(RegistryProxy.Fault.STATUS_500);
      BuildRequest request = jarRequest(proxy.host() + "/base/java17:1", List.of(), dir);
      Path stale = dir.resolve("out").resolve(ImagesManifest.FILE_NAME);
      Files.createDirectories(stale.getParent());
      Files.writeString(stale, "{\"images\":[]}");

      assertThatThrownBy(() -> composer().compose(request))
          .isInstanceOf(PaasException.class)
          .hasMessageStartingWith("Building the image for environment 'default' failed: ")
          .hasMessageContaining("500")
          .hasMessageContaining(
              "The registry failed while the base image "
                  + proxy.host()
                  + "/base/java17:1 was pulled: check that it is up, then build again");
      assertThat(stale).doesNotExist();

      proxy.healDownloads();
      List<BuiltImage> built = composer().compose(request);
      assertThat(built)
          .singleElement()
          .satisfies(
              image ->
                  assertThat(image.layers()).startsWith(BASE.diffIds().toArray(String[]::new)));
      assertThat(stale).isRegularFile();
    }
  }

  private BuildRequest jarRequest(String base, List<String> environments, Path root)
      throws Exception {
    return jarRequest(
        base,
        environments,
        jarApplication(root.resolve("project")),
        root.resolve("out"),
        root.resolve("app-cache"),
        root.resolve("base-cache"));
  }

  private BuildRequest jarRequest(
      String base,
      List<String> environments,
      Application.Jar app,
      Path out,
      Path appCache,
      Path baseCache)
      throws Exception {
    return new BuildRequest(
        ImageReference.parse(base, "<baseImage>"),
        ImageReference.parse(REGISTRY.host() + "/team/app:1.0", "<image>"),
        environments,
        app,
        List.of("-Xmx256m", "-Dapp.mode=container"),
        Optional.empty(),
        Map.of("team", "payments"),
        out,
        appCache,
        baseCache,
        true,
        false);
  }

  private BuildRequest request(
      String base, List<String> environments, Application app, List<String> jvmFlags, Path root)
      throws Exception {
    return new BuildRequest(
        ImageReference.parse(base, "<baseImage>"),
        ImageReference.parse(REGISTRY.host() + "/team/web:2", "<image>"),
        environments,
        app,
        jvmFlags,
        Optional.empty(),
        Map.of(),
        root.resolve("out"),
        root.resolve("app-cache"),
        root.resolve("base-cache"),
        true,
        false);
  }

  /** target/classes with a class and a resource, a release jar and a snapshot jar. */
  private static Application.Jar jarApplication(Path project) throws IOException {
    Path classes = project.resolve("target/classes");
    Files.createDirectories(classes.resolve("com/example"));
    Files.write(classes.resolve("com/example/Main.class"), CLASS_BYTES);
    write(classes.resolve("app.properties"), "greeting=hello\n");
    Path dependency =
        jar(
            project.resolve("lib/commons-text-1.12.0.jar"),
            "org/apache/commons/text/StringSubstitutor.class");
    Path snapshot =
        jar(project.resolve("lib/team-shared-2.1-SNAPSHOT.jar"), "com/example/shared/Shared.class");
    return new Application.Jar(
        List.of(dependency),
        List.of(snapshot),
        classes,
        "com.example.Main",
        Map.of(
            dependency,
            "org.apache.commons:commons-text:1.12.0",
            snapshot,
            "com.example:team-shared:2.1-SNAPSHOT"));
  }

  private static Path jar(Path file, String entry) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out)) {
      JarEntry e = new JarEntry(entry);
      e.setTime(0);
      jar.putNextEntry(e);
      jar.write(CLASS_BYTES);
      jar.closeEntry();
    }
    return file;
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** The regular files of each layer of the image, in layer order. */
  private static List<Map<String, byte[]>> layerFiles(OciImage image) throws IOException {
    List<Map<String, byte[]>> layers = new ArrayList<>();
    for (OciImage.Descriptor layer : image.layers()) {
      try (InputStream in = image.openBlob(layer.digest())) {
        layers.add(new LinkedHashMap<>(OciFixtures.layerFiles(in)));
      }
    }
    return layers;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  /** Runs the real {@code skopeo inspect} on a transport reference and returns its JSON. */
  private static JsonNode skopeoInspect(String reference) throws Exception {
    Process process =
        new ProcessBuilder("skopeo", "inspect", reference).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("skopeo finished").isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("skopeo inspect " + reference + ":\n" + text).isZero();
    return JSON.readTree(text);
  }
}
