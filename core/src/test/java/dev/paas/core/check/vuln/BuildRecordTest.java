package dev.paas.core.check.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.paas.core.check.ImageCheck;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.inventory.BuildRecord;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.JavaLibraryIdentities;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** paas:build's record of the libraries it put in an image, as paas:check reads it. */
class BuildRecordTest {
  @TempDir Path dir;

  private static byte[] jar(String file) throws Exception {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName() != null && path.getFileName().toString().equals(file)) {
        return Files.readAllBytes(path);
      }
    }
    throw new AssertionError(file + " is not on the test class path");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private ImageInventory inventory(Map<String, byte[]> files) throws Exception {
    ImageCheck check =
        ImageCheck.withCache(
            dir.resolve("cache"),
            (b, k) -> {
              throw new AssertionError("no key");
            },
            new RecordingLog(),
            JavaLibraryIdentities.none());
    Path archive =
        OciFixtures.ociArchive(
            OciFixtures.image(OciFixtures.binaryLayer(files)),
            dir.resolve("image-" + files.hashCode() + ".tar"));
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      return check.inventory(source, "oci-archive:" + archive);
    }
  }

  @Test
  void aJarWhoseBytesTheRecordListsIsWhatTheBuildResolvedAndAChangedOneIsIdentifiedAfresh()
      throws Exception {
    byte[] core = jar("spring-core-6.1.14.jar");
    byte[] beans = jar("spring-beans-6.1.14.jar");
    ByteArrayOutputStream swapped = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(swapped)) {
      zip.putNextEntry(new ZipEntry("org/example/Evil.class"));
      zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
    }
    byte[] record =
        BuildRecord.write(
            List.of(
                new BuildRecord.Library(
                    "spring-core-6.1.14.jar",
                    "org.springframework:spring-core:6.1.14",
                    sha256(core)),
                new BuildRecord.Library(
                    "spring-beans-6.1.14.jar",
                    "org.springframework:spring-beans:6.1.14",
                    sha256(beans))));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("app/libs/spring-core-6.1.14.jar", core);
    files.put("app/libs/spring-beans-6.1.14.jar", swapped.toByteArray());
    files.put("app/classes/META-INF/paas/libraries.json", record);

    ImageInventory inventory = inventory(files);

    assertThat(inventory.packages())
        .extracting(
            p -> p.installed().path(),
            p -> p.installed().name(),
            p -> p.installed().version(),
            p -> p.installed().evidence())
        .containsExactlyInAnyOrder(
            tuple(
                "/app/libs/spring-core-6.1.14.jar",
                "org.springframework:spring-core",
                "6.1.14",
                BuildRecord.EVIDENCE),
            tuple("/app/libs/spring-beans-6.1.14.jar", ":spring-beans", "6.1.14", "file-name"));
    assertThat(inventory.packages())
        .filteredOn(p -> p.installed().name().equals(":spring-beans"))
        .singleElement()
        .satisfies(p -> assertThat(p.installed().uncertainIdentity()).isTrue());
  }

  @Test
  void aMalformedRecordIsAProblemAndTheJarsAreIdentifiedAsUsual() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("app/libs/spring-core-6.1.14.jar", jar("spring-core-6.1.14.jar"));
    files.put(
        "app/classes/META-INF/paas/libraries.json", "{not json".getBytes(StandardCharsets.UTF_8));

    ImageInventory inventory = inventory(files);

    assertThat(inventory.packages())
        .extracting(p -> p.installed().name(), p -> p.installed().evidence())
        .containsExactly(tuple("org.springframework:spring-core", "manifest"));
    assertThat(inventory.problems())
        .singleElement()
        .asString()
        .startsWith("/app/classes/META-INF/paas/libraries.json is not paas:build's record");
  }

  @Test
  void entriesThatAreNotCoordinatesAndAHashAreLeftOut() {
    byte[] record =
        ("{\"libraries\":[{\"coordinates\":\"a:b\",\"sha256\":\""
                + "0".repeat(64)
                + "\"},{\"coordinates\":\"a:b:1\",\"sha256\":\"XYZ\"},{\"coordinates\":\"g:a:1\",\"sha256\":\""
                + "1".repeat(64)
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(BuildRecord.read(BuildRecord.PATH, record).packages())
        .extracting(InstalledPackage::name, InstalledPackage::version)
        .containsExactly(tuple("g:a", "1"));
    assertThat(BuildRecord.isRecord("app/classes/META-INF/paas/libraries.json")).isTrue();
    assertThat(BuildRecord.isRecord("/app/classes/META-INF/paas/libraries.json.bak")).isFalse();
  }
}
