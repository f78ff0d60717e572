package dev.paas.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.testing.OciFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImageTest {
  private static final OciFixtures.Image IMAGE =
      OciFixtures.image(
          OciFixtures.layer(Map.of("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")),
          OciFixtures.layer(Map.of("app/hello.txt", "hello\n", "app/lib/a.txt", "a\n")));

  @TempDir Path dir;

  @Test
  void readsALayoutDirectory() throws Exception {
    Path layout = OciFixtures.ociDir(IMAGE, dir.resolve("layout"));

    try (OciImage image = OciImage.open(ref("oci:" + layout))) {
      assertMatchesFixture(image, IMAGE);
    }
  }

  @Test
  void readsALayoutArchive() throws Exception {
    Path tar = OciFixtures.ociArchive(IMAGE, dir.resolve("image.oci.tar"));

    try (OciImage image = OciImage.open(ref("oci-archive:" + tar))) {
      assertMatchesFixture(image, IMAGE);
    }
  }

  @Test
  void readsAnArchiveWhoseNamesStartWithDotSlash() throws Exception {
    Path tar = OciFixtures.writeTar(OciFixtures.layout(IMAGE), dir.resolve("dot.tar"), "./");

    try (OciImage image = OciImage.open(ref("oci-archive:" + tar))) {
      assertMatchesFixture(image, IMAGE);
    }
  }

  @Test
  void readsAnArchiveNamedWithATag() throws Exception {
    Path tar = OciFixtures.ociArchive(IMAGE, dir.resolve("image.oci.tar"));

    try (OciImage image = OciImage.open(ref("oci-archive:" + tar + ":latest"))) {
      assertThat(image.manifestDigest()).isEqualTo(IMAGE.manifestDigest());
    }
  }

  @Test
  void manifestDigestIsTheSha256OfTheExactManifestBytes() throws Exception {
    Path layout = OciFixtures.ociDir(IMAGE, dir.resolve("layout"));

    try (OciImage image = OciImage.open(ref("oci:" + layout))) {
      byte[] onDisk =
          Files.readAllBytes(layout.resolve(OciFixtures.blobPath(IMAGE.manifestDigest())));
      assertThat(image.manifestBytes()).isEqualTo(onDisk);
      assertThat(image.manifestDigest()).isEqualTo(OciImage.sha256(image.manifestBytes()));
    }
  }

  @Test
  void sha256IsTheStandardDigest() {
    assertThat(OciImage.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void followsANestedIndexToTheImageManifest() throws Exception {
    Path layout =
        OciFixtures.writeDirectory(OciFixtures.nestedLayout(IMAGE), dir.resolve("nested"));

    try (OciImage image = OciImage.open(ref("oci:" + layout))) {
      assertMatchesFixture(image, IMAGE);
    }
  }

  @Test
  void aMultiPlatformLayoutGivesTheLinuxAmd64Image() throws Exception {
    OciFixtures.Image arm = OciFixtures.image(Map.of(), IMAGE.layers(), "arm64");
    Map<OciFixtures.Image, String> armFirst = new LinkedHashMap<>();
    armFirst.put(arm, "arm64");
    armFirst.put(IMAGE, "amd64");
    Path layout = OciFixtures.writeDirectory(multiPlatform(armFirst), dir.resolve("multi"));

    try (OciImage image = OciImage.open(ref("oci:" + layout))) {
      assertMatchesFixture(image, IMAGE);
    }
  }

  @Test
  void aMultiPlatformLayoutWithoutLinuxAmd64IsRejected() throws Exception {
    OciFixtures.Image arm = OciFixtures.image(Map.of(), IMAGE.layers(), "arm64");
    Path layout =
        OciFixtures.writeDirectory(multiPlatform(Map.of(arm, "arm64")), dir.resolve("arm"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("its index has no linux/amd64 image");
  }

  // index.json -> a platform index -> one manifest per architecture, all blobs present.
  private static Map<String, byte[]> multiPlatform(Map<OciFixtures.Image, String> images) {
    Map<String, byte[]> files = new HashMap<>();
    images.keySet().forEach(image -> files.putAll(OciFixtures.layout(image)));
    byte[] platforms = OciFixtures.platformIndex(images);
    files.put(OciFixtures.blobPath(OciFixtures.sha256(platforms)), platforms);
    files.put(
        "index.json",
        OciFixtures.writeJson(
            Map.of(
                "schemaVersion",
                2,
                "manifests",
                List.of(
                    Map.of(
                        "mediaType",
                        OciFixtures.INDEX_TYPE,
                        "digest",
                        OciFixtures.sha256(platforms),
                        "size",
                        platforms.length)))));
    return files;
  }

  @Test
  void corruptedConfigBlobIsRejectedNamingTheSource() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.put(
        OciFixtures.blobPath(IMAGE.configDigest()),
        "{\"architecture\":\"arm64\"}".getBytes(StandardCharsets.UTF_8));
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("corrupt"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith("oci:" + layout + " is not a valid OCI image")
        .hasMessageContaining("blob " + IMAGE.configDigest() + " does not match its digest");
  }

  @Test
  void corruptedManifestBlobInAnArchiveIsRejectedNamingTheSource() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    byte[] manifest = IMAGE.manifest().clone();
    manifest[manifest.length - 1] = ' ';
    files.put(OciFixtures.blobPath(IMAGE.manifestDigest()), manifest);
    Path tar = OciFixtures.writeTar(files, dir.resolve("corrupt.tar"), "");

    assertThatThrownBy(() -> OciImage.open(ref("oci-archive:" + tar)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci-archive:" + tar)
        .hasMessageContaining(IMAGE.manifestDigest() + " does not match its digest");
  }

  @Test
  void closingTheImageClosesTheArchive() throws Exception {
    Path tar = OciFixtures.ociArchive(IMAGE, dir.resolve("closed.tar"));

    OciImage image = OciImage.open(ref("oci-archive:" + tar));
    assertThat(openDescriptorsOf(tar)).as("open while the image is").isPositive();
    image.close();

    assertThat(openDescriptorsOf(tar)).isZero();
  }

  @Test
  void aFailedOpenLeavesTheArchiveClosed() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.remove(OciFixtures.blobPath(IMAGE.configDigest()));
    Path tar = OciFixtures.writeTar(files, dir.resolve("leak.tar"), "");

    assertThatThrownBy(() -> OciImage.open(ref("oci-archive:" + tar)))
        .isInstanceOf(PaasException.class);

    assertThat(openDescriptorsOf(tar)).as("file descriptors left open on " + tar).isZero();
  }

  @Test
  void missingIndexJsonInADirectory() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.remove("index.json");
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("noindex"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci:" + layout)
        .hasMessageContaining("index.json");
  }

  @Test
  void missingIndexJsonInAnArchive() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.remove("index.json");
    Path tar = OciFixtures.writeTar(files, dir.resolve("noindex.tar"), "");

    assertThatThrownBy(() -> OciImage.open(ref("oci-archive:" + tar)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci-archive:" + tar)
        .hasMessageContaining("index.json");
  }

  @Test
  void missingBlobNamesTheBlob() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.remove(OciFixtures.blobPath(IMAGE.configDigest()));
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("noconfig"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci:" + layout)
        .hasMessageContaining(IMAGE.configDigest().substring(7));
  }

  @Test
  void missingDirectoryOrFile() {
    Path missing = dir.resolve("nothing-here");

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + missing)))
        .isInstanceOf(PaasException.class)
        .hasMessage("oci:" + missing + ": no such file or directory " + missing);
    assertThatThrownBy(() -> OciImage.open(ref("oci-archive:" + missing)))
        .isInstanceOf(PaasException.class)
        .hasMessage("oci-archive:" + missing + ": no such file or directory " + missing);
  }

  @Test
  void aFileThatIsNotATarIsReportedAsUnreadable() throws Exception {
    Path notTar = Files.writeString(dir.resolve("image.tar"), "this is not a tar archive at all");

    assertThatThrownBy(() -> OciImage.open(ref("oci-archive:" + notTar)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci-archive:" + notTar);
  }

  @Test
  void indexWithoutManifests() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.put(
        "index.json", "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8));
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("empty"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessage("oci:" + layout + " is not a valid OCI image: index.json lists no manifest");
  }

  @Test
  void malformedDigestInTheIndex() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.put(
        "index.json",
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + OciFixtures.MANIFEST_TYPE
                + "\",\"digest\":\"sha256:../../etc/passwd\",\"size\":1}]}")
            .getBytes(StandardCharsets.UTF_8));
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("baddigest"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci:" + layout)
        .hasMessageContaining("malformed digest 'sha256:../../etc/passwd'");
  }

  @Test
  void indexThatIsNotJson() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    files.put("index.json", "<html>not json</html>".getBytes(StandardCharsets.UTF_8));
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("html"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci:" + layout + " cannot be read as an OCI image layout");
  }

  @Test
  void oversizedIndexJsonIsRefusedBeforeParsing() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    byte[] index = files.get("index.json");
    byte[] huge = new byte[4 * 1024 * 1024 + 1];
    Arrays.fill(huge, (byte) ' ');
    System.arraycopy(index, 0, huge, 0, index.length);
    files.put("index.json", huge);
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("huge"));

    assertThatThrownBy(() -> OciImage.open(ref("oci:" + layout)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("oci:" + layout)
        .hasMessageContaining("index.json is larger than 4194304 bytes");
  }

  @Test
  void indexJsonOfExactlyTheLimitIsRead() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(IMAGE);
    byte[] index = files.get("index.json");
    byte[] padded = new byte[4 * 1024 * 1024];
    Arrays.fill(padded, (byte) ' ');
    System.arraycopy(index, 0, padded, 0, index.length);
    files.put("index.json", padded);
    Path layout = OciFixtures.writeDirectory(files, dir.resolve("limit"));

    try (OciImage image = OciImage.open(ref("oci:" + layout))) {
      assertThat(image.manifestDigest()).isEqualTo(IMAGE.manifestDigest());
    }
  }

  @Test
  void aRegistryReferenceIsNotALayout() throws Exception {
    assertThatThrownBy(() -> OciImage.open(ref("registry.example/app:1")))
        .isInstanceOf(PaasException.class)
        .hasMessage("registry.example/app:1 is not an OCI layout or archive");
  }

  @Test
  void returnedBytesAreCopies() throws Exception {
    Path layout = OciFixtures.ociDir(IMAGE, dir.resolve("layout"));

    try (OciImage image = OciImage.open(ref("oci:" + layout))) {
      image.manifestBytes()[0] = 'X';
      image.configBytes()[0] = 'X';
      assertThat(image.manifestDigest()).isEqualTo(OciImage.sha256(image.manifestBytes()));
      assertThat(image.configBytes()).isEqualTo(IMAGE.config());
    }
  }

  private static void assertMatchesFixture(OciImage image, OciFixtures.Image fixture)
      throws IOException {
    assertThat(image.manifestDigest()).isEqualTo(fixture.manifestDigest());
    assertThat(image.manifestBytes()).isEqualTo(fixture.manifest());
    assertThat(image.manifestMediaType()).isEqualTo(OciFixtures.MANIFEST_TYPE);
    assertThat(image.config().digest()).isEqualTo(fixture.configDigest());
    assertThat(image.config().size()).isEqualTo(fixture.config().length);
    assertThat(image.config().mediaType()).isEqualTo(OciFixtures.CONFIG_TYPE);
    assertThat(image.configBytes()).isEqualTo(fixture.config());
    assertThat(image.configJson().path("os").asText()).isEqualTo("linux");
    assertThat(image.layers())
        .extracting(OciImage.Descriptor::digest)
        .containsExactlyElementsOf(fixture.layerDigests());
    assertThat(image.layers())
        .extracting(OciImage.Descriptor::mediaType)
        .containsOnly(OciFixtures.LAYER_TYPE);
    assertThat(image.diffIds()).containsExactlyElementsOf(fixture.diffIds());
    for (int i = 0; i < fixture.layers().size(); i++) {
      OciFixtures.Layer layer = fixture.layers().get(i);
      assertThat(image.layers().get(i).size()).isEqualTo(layer.gzip().length);
      try (InputStream in = image.openBlob(layer.digest())) {
        assertThat(in.readAllBytes()).isEqualTo(layer.gzip());
      }
    }
  }

  /** How many of this process's file descriptors are open on {@code file} (Linux /proc). */
  private static long openDescriptorsOf(Path file) throws IOException {
    Path real = file.toRealPath();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                  return false;
                }
              })
          .count();
    }
  }

  private static ImageReference ref(String text) throws Exception {
    return ImageReference.parse(text, "test");
  }
}
