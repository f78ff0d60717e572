package dev.paas.core.check.vuln.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.InstalledPackage.Kind;
import dev.paas.core.inventory.OsRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycloneDxSbomTest {
  private static final String DIGEST =
      "sha256:9b2a28eb47540823042a2ba401386845089bb7b62a9637d55816132c4c3c36eb";
  private static final String BASE = "sha256:" + "1".repeat(64);
  private static final String APP = "sha256:" + "2".repeat(64);

  @TempDir Path dir;

  private static ImageInventory inventory() {
    return new ImageInventory(
        Optional.of(
            new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", List.of())),
        List.of(
            new ImagePackage(
                new InstalledPackage(
                    Kind.DPKG,
                    "libssl3",
                    "3.0.11-1~deb12u2",
                    "openssl",
                    "",
                    "amd64",
                    "/var/lib/dpkg/status",
                    "dpkg-status"),
                0,
                BASE),
            new ImagePackage(
                new InstalledPackage(
                    Kind.DPKG,
                    "perl-base",
                    "5.36.0-7+deb12u1",
                    "perl",
                    "5.36.0-7+deb12u1",
                    "amd64",
                    "/var/lib/dpkg/status",
                    "dpkg-status"),
                0,
                BASE),
            new ImagePackage(
                new InstalledPackage(
                    Kind.DPKG,
                    "libc6",
                    "2.36-9+deb12u4",
                    "glibc",
                    "2.36-9+deb12u4",
                    "amd64",
                    "/var/lib/dpkg/status",
                    "dpkg-status"),
                0,
                BASE),
            new ImagePackage(
                new InstalledPackage(
                    Kind.MAVEN,
                    "com.example:shop",
                    "1.0.0",
                    "",
                    "",
                    "",
                    "/app/shop.jar",
                    "pom.properties"),
                1,
                APP),
            new ImagePackage(
                new InstalledPackage(
                    Kind.MAVEN,
                    "org.apache.commons:commons-text",
                    "1.9",
                    "",
                    "",
                    "",
                    "/app/shop.jar!/BOOT-INF/lib/commons-text-1.9.jar",
                    "pom.properties"),
                1,
                APP),
            new ImagePackage(
                new InstalledPackage(
                    Kind.MAVEN,
                    "org.apache.commons:commons-text",
                    "1.9",
                    "",
                    "",
                    "",
                    "/opt/tools/commons-text-1.9.jar",
                    "pom.properties"),
                1,
                APP),
            new ImagePackage(
                new InstalledPackage(
                    Kind.MAVEN,
                    ":foo-bar",
                    "2.3.1",
                    "",
                    "",
                    "",
                    "/app/shop.jar!/BOOT-INF/lib/foo-bar-2.3.1.jar",
                    "file-name"),
                1,
                APP)),
        List.of());
  }

  @Test
  void writesABomTheLibraryParsesBack() throws Exception {
    Path file = dir.resolve("target/paas/sbom.cdx.json");

    CycloneDxSbom.write(
        file, "shop", "registry.example.com/team/shop:1.0", DIGEST, inventory(), "0.1.0");

    Bom bom = new JsonParser().parse(file.toFile());
    assertThat(bom.getSpecVersion()).isEqualTo("1.6");
    assertThat(bom.getSerialNumber()).startsWith("urn:uuid:");

    Component image = bom.getMetadata().getComponent();
    assertThat(image.getType()).isEqualTo(Component.Type.CONTAINER);
    assertThat(image.getName()).isEqualTo("shop");
    assertThat(image.getVersion()).isEqualTo(DIGEST);
    assertThat(image.getPurl())
        .isEqualTo(
            "pkg:oci/shop@sha256%3A"
                + DIGEST.substring(7)
                + "?repository_url=registry.example.com%2Fteam%2Fshop&tag=1.0");
    assertThat(bom.getMetadata().getToolChoice().getComponents())
        .extracting(Component::getName, Component::getVersion)
        .containsExactly(tuple("paas-maven-plugin", "0.1.0"));

    assertThat(bom.getComponents())
        .extracting(
            Component::getType, Component::getGroup, Component::getName, Component::getVersion)
        .containsExactly(
            tuple(Component.Type.OPERATING_SYSTEM, null, "debian", "12"),
            tuple(Component.Type.LIBRARY, null, "libssl3", "3.0.11-1~deb12u2"),
            tuple(Component.Type.LIBRARY, null, "perl-base", "5.36.0-7+deb12u1"),
            tuple(Component.Type.LIBRARY, null, "libc6", "2.36-9+deb12u4"),
            tuple(Component.Type.LIBRARY, "com.example", "shop", "1.0.0"),
            tuple(Component.Type.LIBRARY, "org.apache.commons", "commons-text", "1.9"),
            tuple(Component.Type.LIBRARY, "org.apache.commons", "commons-text", "1.9"),
            tuple(Component.Type.LIBRARY, null, "foo-bar", "2.3.1"));
    assertThat(bom.getComponents())
        .extracting(Component::getPurl)
        .containsExactly(
            null,
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
            "pkg:deb/debian/perl-base@5.36.0-7%2Bdeb12u1?arch=amd64&distro=debian-12",
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12",
            "pkg:maven/com.example/shop@1.0.0",
            "pkg:maven/org.apache.commons/commons-text@1.9",
            "pkg:maven/org.apache.commons/commons-text@1.9",
            "pkg:generic/foo-bar@2.3.1");
  }

  @Test
  void everyComponentHasAUniqueRefAndSaysWhereItWasFound() throws Exception {
    Path file = dir.resolve("sbom.json");
    CycloneDxSbom.write(
        file, "shop", "registry.example.com/team/shop:1.0", DIGEST, inventory(), "0.1.0");

    Bom bom = new JsonParser().parse(file.toFile());

    List<String> refs = bom.getComponents().stream().map(Component::getBomRef).toList();
    assertThat(refs)
        .doesNotHaveDuplicates()
        .contains(
            "pkg:maven/org.apache.commons/commons-text@1.9",
            "pkg:maven/org.apache.commons/commons-text@1.9#/opt/tools/commons-text-1.9.jar");
    Component libssl = bom.getComponents().get(1);
    assertThat(properties(libssl))
        .containsExactly(
            Map.entry("paas:layer", "0"),
            Map.entry("paas:layerDiffId", BASE),
            Map.entry("paas:path", "/var/lib/dpkg/status"),
            Map.entry("paas:evidence", "dpkg-status"),
            Map.entry("paas:sourceName", "openssl"));
    assertThat(properties(bom.getComponents().get(2)))
        .containsEntry("paas:sourceName", "perl")
        .doesNotContainKey("paas:sourceVersion");
    assertThat(properties(bom.getComponents().get(4)))
        .doesNotContainKeys("paas:sourceName", "paas:sourceVersion");
    assertThat(properties(bom.getComponents().get(5)))
        .containsEntry("paas:path", "/app/shop.jar!/BOOT-INF/lib/commons-text-1.9.jar")
        .containsEntry("paas:layer", "1");
  }

  @Test
  void theImageDependsOnEveryComponentAndTheOsOnItsPackages() throws Exception {
    Path file = dir.resolve("sbom.json");
    CycloneDxSbom.write(
        file, "shop", "registry.example.com/team/shop:1.0", DIGEST, inventory(), "0.1.0");

    Bom bom = new JsonParser().parse(file.toFile());

    String imageRef = bom.getMetadata().getComponent().getBomRef();
    Map<String, List<String>> graph =
        bom.getDependencies().stream()
            .collect(
                Collectors.toMap(
                    Dependency::getRef,
                    d ->
                        d.getDependencies() == null
                            ? List.of()
                            : d.getDependencies().stream().map(Dependency::getRef).toList()));
    assertThat(graph.get(imageRef))
        .containsExactlyElementsOf(bom.getComponents().stream().map(Component::getBomRef).toList());
    assertThat(graph.get("os:debian@12"))
        .containsExactly(
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
            "pkg:deb/debian/perl-base@5.36.0-7%2Bdeb12u1?arch=amd64&distro=debian-12",
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
  }

  @Test
  void theBomPassesTheCycloneDxSchema() throws Exception {
    Path file = dir.resolve("sbom.json");
    CycloneDxSbom.write(
        file, "shop", "registry.example.com/team/shop:1.0", DIGEST, inventory(), "0.1.0");

    assertThat(new JsonParser().validate(file.toFile(), CycloneDxSbom.SPEC)).isEmpty();
    // and the validation is real: a type the schema does not know fails it
    String broken =
        Files.readString(file).replace("\"type\" : \"library\"", "\"type\" : \"no-such-type\"");
    assertThat(broken).contains("no-such-type");
    assertThat(new JsonParser().validate(broken, CycloneDxSbom.SPEC)).isNotEmpty();
  }

  @Test
  void aLocalImageHasNoPurlAndAnImageWithoutOsHasNoOsComponent() throws Exception {
    Path file = dir.resolve("sbom.json");
    ImageInventory distroless =
        new ImageInventory(
            Optional.empty(),
            List.of(
                new ImagePackage(
                    new InstalledPackage(
                        Kind.MAVEN,
                        "org.apache.commons:commons-text",
                        "1.9",
                        "",
                        "",
                        "",
                        "/app/commons-text-1.9.jar",
                        "pom.properties"),
                    0,
                    BASE)),
            List.of());

    CycloneDxSbom.write(file, "shop", "oci-archive:target/shop.tar", DIGEST, distroless, "0.1.0");

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(json.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(json.path("metadata").path("component").has("purl")).isFalse();
    assertThat(json.path("metadata").path("component").path("bom-ref").asText())
        .isEqualTo("image:shop@" + DIGEST);
    assertThat(json.path("components")).hasSize(1);
    assertThat(json.path("components").get(0).path("type").asText()).isEqualTo("library");
  }

  @Test
  void aDockerHubShortNameIsADockerIoRepositoryUrl() {
    assertThat(CycloneDxSbom.imagePurl("debian:12", DIGEST))
        .contains(
            "pkg:oci/debian@sha256%3A"
                + DIGEST.substring(7)
                + "?repository_url=docker.io%2Flibrary%2Fdebian&tag=12");
    assertThat(CycloneDxSbom.imagePurl("docker-archive:/tmp/x.tar", DIGEST)).isEmpty();
    assertThat(CycloneDxSbom.imagePurl("not a reference", DIGEST)).isEmpty();
  }

  @Test
  void replacesAnOldBomWholeAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("sbom.json");
    Files.writeString(file, "old");

    CycloneDxSbom.write(
        file, "shop", "registry.example.com/team/shop:1.0", DIGEST, inventory(), "0.1.0");

    assertThat(Files.readString(file)).startsWith("{");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static Map<String, String> properties(Component component) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Property p : component.getProperties()) {
      map.put(p.getName(), p.getValue());
    }
    return map;
  }
}
