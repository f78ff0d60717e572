package dev.paas.core.check.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.paas.core.check.ImageCheck;
import dev.paas.core.check.vuln.sbom.CycloneDxSbom;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.JavaLibraryIdentities;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.groups.Tuple;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot application's image that the plugin did not build: its libraries are the real jars
 * from Maven Central (test dependencies of core), which Spring and H2 build without Maven, so none
 * of them carries a {@code pom.properties}. Each must still get its Maven coordinates: from the
 * local repository by its bytes, and without one from its manifest.
 */
class SpringBootLibrariesTest {
  /** The test dependencies the application is made of: groupId, artifactId, version. */
  private static final List<String[]> LIBRARIES =
      List.of(
          new String[] {"org.springframework", "spring-core", "6.1.14"},
          new String[] {"org.springframework", "spring-beans", "6.1.14"},
          new String[] {"org.springframework", "spring-context", "6.1.14"},
          new String[] {"org.springframework", "spring-aop", "6.1.14"},
          new String[] {"org.springframework", "spring-expression", "6.1.14"},
          new String[] {"org.springframework", "spring-web", "6.1.14"},
          new String[] {"org.springframework.boot", "spring-boot", "3.3.5"},
          new String[] {"org.springframework.boot", "spring-boot-autoconfigure", "3.3.5"},
          new String[] {"com.h2database", "h2", "2.2.224"});

  @TempDir Path dir;

  private static Path jar(String[] library) {
    String file = library[1] + "-" + library[2] + ".jar";
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName() != null && path.getFileName().toString().equals(file)) {
        return path;
      }
    }
    throw new AssertionError(String.join(":", library) + " is not on the test class path");
  }

  /** The application as Spring Boot packages it: its own pom.properties, its libraries stored. */
  private static byte[] fatJar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write(
          ("Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.launch"
                  + ".JarLauncher\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("META-INF/maven/com.example/petshop/pom.properties"));
      zip.write(
          "groupId=com.example\nartifactId=petshop\nversion=1.0.0\n"
              .getBytes(StandardCharsets.UTF_8));
      for (String[] library : LIBRARIES) {
        byte[] content = Files.readAllBytes(jar(library));
        ZipEntry entry = new ZipEntry("BOOT-INF/lib/" + jar(library).getFileName());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
      }
    }
    return bytes.toByteArray();
  }

  private OciFixtures.Image image() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("app/petshop.jar", fatJar());
    // a renamed copy: only its bytes (or its manifest) can tell what it is
    files.put("opt/lib/core.jar", Files.readAllBytes(jar(LIBRARIES.get(0))));
    return OciFixtures.image(OciFixtures.binaryLayer(files));
  }

  private ImageInventory inventory(JavaLibraryIdentities identities) throws Exception {
    ImageCheck check =
        ImageCheck.withCache(
            dir.resolve("cache"),
            (b, k) -> {
              throw new AssertionError("no key");
            },
            new RecordingLog(),
            identities);
    Path archive = OciFixtures.ociArchive(image(), dir.resolve("image.tar"));
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      return check.inventory(source, "oci-archive:" + archive);
    }
  }

  /** A local repository holding the libraries as Maven lays them out, with their real .sha1. */
  private Path repository(boolean withSha1) throws IOException {
    Path root = dir.resolve("m2");
    for (String[] library : LIBRARIES) {
      Path jar = jar(library);
      Path target =
          root.resolve(library[0].replace('.', '/'))
              .resolve(library[1])
              .resolve(library[2])
              .resolve(jar.getFileName().toString());
      Files.createDirectories(target.getParent());
      Files.copy(jar, target);
      Path sha1 = jar.resolveSibling(jar.getFileName() + ".sha1");
      if (withSha1 && Files.exists(sha1)) {
        Files.copy(sha1, target.resolveSibling(target.getFileName() + ".sha1"));
      }
    }
    return root;
  }

  private static List<InstalledPackage> libraries(ImageInventory inventory) {
    return inventory.packages().stream()
        .map(ImagePackage::installed)
        .filter(p -> !p.name().equals("com.example:petshop"))
        .toList();
  }

  private static List<Tuple> expected(String evidence) {
    List<Tuple> out = new ArrayList<>();
    for (String[] library : LIBRARIES) {
      out.add(tuple(library[0] + ":" + library[1], library[2], evidence));
    }
    out.add(tuple("org.springframework:spring-core", "6.1.14", evidence));
    return out;
  }

  @Test
  void theLocalRepositoryIdentifiesEveryJarByItsBytes() throws Exception {
    inventory(
        JavaLibraryIdentities
            .none()); // the layer's facts, hashes included, now come from the cache
    ImageInventory inventory = inventory(JavaLibraryIdentities.from(repository(true)));

    assertThat(libraries(inventory))
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactlyInAnyOrderElementsOf(expected("maven-repository"));
    assertThat(inventory.packages())
        .extracting(p -> p.installed().evidence())
        .contains("pom.properties"); // the application itself keeps its own identity
  }

  @Test
  void withoutSha1FilesTheJarsOwnSha256Matches() throws Exception {
    ImageInventory inventory = inventory(JavaLibraryIdentities.from(repository(false)));

    // the renamed copy has no file name to find it by, and no .sha1 to find it by its hash
    assertThat(libraries(inventory))
        .extracting(InstalledPackage::path, InstalledPackage::evidence)
        .contains(tuple("/opt/lib/core.jar", "manifest"))
        .filteredOn(t -> !t.toList().get(0).equals("/opt/lib/core.jar"))
        .allMatch(t -> t.toList().get(1).equals("maven-repository"));
  }

  @Test
  void withoutARepositoryTheManifestsModuleNamesGiveTheCoordinates() throws Exception {
    ImageInventory inventory = inventory(JavaLibraryIdentities.none());

    assertThat(libraries(inventory))
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactlyInAnyOrderElementsOf(expected("manifest"));
  }

  @Test
  void theSbomGivesEveryLibraryItsMavenPurlAndSha256() throws Exception {
    ImageInventory inventory = inventory(JavaLibraryIdentities.none());
    Path file = dir.resolve("petshop.cdx.json");

    CycloneDxSbom.write(
        file,
        "petshop",
        "registry.example/team/petshop:1",
        "sha256:" + "a".repeat(64),
        inventory,
        "0.1.0");

    Bom bom = new JsonParser().parse(file.toFile());
    List<Component> libraries =
        bom.getComponents().stream().filter(c -> c.getType() == Component.Type.LIBRARY).toList();
    assertThat(libraries).hasSize(LIBRARIES.size() + 2);
    assertThat(libraries).allSatisfy(c -> assertThat(c.getPurl()).startsWith("pkg:maven/"));
    for (String[] library : LIBRARIES) {
      String sha256 =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar(library))));
      assertThat(libraries)
          .filteredOn(
              c ->
                  c.getPurl()
                      .equals("pkg:maven/" + library[0] + "/" + library[1] + "@" + library[2]))
          .isNotEmpty()
          .allSatisfy(
              c -> {
                assertThat(c.getHashes())
                    .extracting(Hash::getAlgorithm, Hash::getValue)
                    .containsExactly(tuple("SHA-256", sha256));
                assertThat(c.getProperties()).noneMatch(p -> p.getName().equals("paas:identity"));
              });
    }
  }
}
