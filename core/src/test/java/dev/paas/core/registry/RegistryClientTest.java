package dev.paas.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistryClientTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  @TempDir Path dir;

  private static final OciFixtures.Image IMAGE =
      OciFixtures.image(OciFixtures.layer(Map.of("etc/registry-client-test", "client\n")));

  @AfterEach
  void restoreCredentialsOverHttp() {
    System.clearProperty(RegistryClient.SEND_CREDENTIALS_OVER_HTTP);
  }

  @Test
  void manifestOfAnUnknownTagIsEmpty() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    store(client, "client/known", "1", IMAGE);

    assertThat(client.manifest("client/known", "no-such-tag")).isEmpty();
  }

  @Test
  void manifestOfAnUnknownRepositoryIsEmpty() throws Exception {
    assertThat(client(REGISTRY.host()).manifest("client/never-pushed", "1")).isEmpty();
  }

  @Test
  void manifestOfAnUnknownDigestIsEmpty() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    store(client, "client/bydigest", "1", IMAGE);

    assertThat(client.manifest("client/bydigest", "sha256:" + "0".repeat(64))).isEmpty();
  }

  @Test
  void manifestByTagAndByDigestIsTheStoredBytes() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    String stored = store(client, "client/stored", "2.0", IMAGE);

    RegistryClient.Manifest byTag = client.manifest("client/stored", "2.0").orElseThrow();
    RegistryClient.Manifest byDigest =
        client.manifest("client/stored", IMAGE.manifestDigest()).orElseThrow();

    assertThat(stored).isEqualTo(IMAGE.manifestDigest());
    assertThat(byTag.bytes()).isEqualTo(IMAGE.manifest());
    assertThat(byTag.digest()).isEqualTo(IMAGE.manifestDigest());
    assertThat(byTag.mediaType()).isEqualTo(OciFixtures.MANIFEST_TYPE);
    assertThat(byTag.json().path("layers").get(0).path("digest").asText())
        .isEqualTo(IMAGE.layers().get(0).digest());
    assertThat(byDigest.bytes()).isEqualTo(IMAGE.manifest());
  }

  @Test
  void hasBlobIsTrueOnlyForBlobsOfThatRepository() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    store(client, "client/blobs", "1", IMAGE);
    String layer = IMAGE.layers().get(0).digest();

    assertThat(client.hasBlob("client/blobs", layer)).isTrue();
    assertThat(client.hasBlob("client/blobs", "sha256:" + "1".repeat(64))).isFalse();
    assertThat(client.hasBlob("client/other", layer)).isFalse();
  }

  @Test
  void mountBlobLinksABlobOfAnotherRepository() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    store(client, "client/mount-source", "1", IMAGE);
    String layer = IMAGE.layers().get(0).digest();

    assertThat(client.mountBlob("client/mount-target", layer, "client/mount-source")).isTrue();
    assertThat(client.hasBlob("client/mount-target", layer)).isTrue();
  }

  @Test
  void mountBlobIsFalseWhenTheSourceDoesNotHaveIt() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    String unknown = "sha256:" + "2".repeat(64);

    assertThat(client.mountBlob("client/mount-none", unknown, "client/empty-source")).isFalse();
    assertThat(client.hasBlob("client/mount-none", unknown)).isFalse();
  }

  @Test
  void uploadingBytesThatDoNotMatchTheDigestFails() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    byte[] bytes = "not what the digest says".getBytes();
    String claimed = OciFixtures.sha256("something else".getBytes());

    assertThatThrownBy(
            () ->
                client.uploadBlob(
                    "client/bad-upload",
                    claimed,
                    bytes.length,
                    () -> new ByteArrayInputStream(bytes)))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FAILED))
        .hasMessageContaining("Registry " + REGISTRY.host() + " answered 400")
        .hasMessageContaining("uploading " + claimed + " to client/bad-upload");
    assertThat(client.hasBlob("client/bad-upload", claimed)).isFalse();
  }

  @Test
  void aManifestNamingMissingBlobsIsRefused() throws Exception {
    RegistryClient client = client(REGISTRY.host());

    assertThatThrownBy(
            () ->
                client.putManifest(
                    "client/incomplete", "1", IMAGE.manifest(), OciFixtures.MANIFEST_TYPE))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FAILED))
        .hasMessageContaining("storing manifest client/incomplete:1");
    assertThat(client.manifest("client/incomplete", "1")).isEmpty();
  }

  @Test
  void blobReadsASmallBlobIntoMemory() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    byte[] bytes = "{\"small\":true}".getBytes();
    String digest = OciFixtures.sha256(bytes);
    client.uploadBlob("client/small", digest, bytes.length, () -> new ByteArrayInputStream(bytes));

    assertThat(client.blob("client/small", digest, 1024)).isEqualTo(bytes);
  }

  @Test
  void blobRefusesABlobLargerThanTheLimit() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    byte[] bytes = "x".repeat(100).getBytes();
    String digest = OciFixtures.sha256(bytes);
    client.uploadBlob("client/large", digest, bytes.length, () -> new ByteArrayInputStream(bytes));

    assertThatThrownBy(() -> client.blob("client/large", digest, 99))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.DAMAGED))
        .hasMessageContaining("100 bytes")
        .hasMessageContaining("more than the 99 expected");
  }

  @Test
  void blobOfAnUnknownDigestIsNotFound() throws Exception {
    String unknown = "sha256:" + "3".repeat(64);

    assertThatThrownBy(() -> client(REGISTRY.host()).blob("client/small", unknown, 1024))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
        .hasMessageContaining("has no blob " + unknown);
  }

  @Test
  void blobWhoseStoredContentWasDamagedIsRefused() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    byte[] bytes = "{\"intact\":true}".getBytes();
    String digest = OciFixtures.sha256(bytes);
    client.uploadBlob(
        "client/damaged", digest, bytes.length, () -> new ByteArrayInputStream(bytes));
    // Same length, so the registry serves it without noticing; only the digest check can.
    String hex = digest.substring(7);
    Files.write(
        REGISTRY
            .storage()
            .resolve(
                "docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data"),
        "{\"intact\":fals}".getBytes());

    assertThatThrownBy(() -> client.blob("client/damaged", digest, 1024))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.DAMAGED))
        .hasMessageContaining(
            "for blob "
                + digest
                + " of "
                + REGISTRY.host()
                + "/client/damaged: its copy "
                + "or the download is damaged");
  }

  @Test
  void bearerTokenAuthenticationFetchesAManifest() throws Exception {
    System.setProperty(RegistryClient.SEND_CREDENTIALS_OVER_HTTP, "true");
    store(client(REGISTRY.host()), "client/private", "1", IMAGE);
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host()).requireBearerToken("bot", "pw")) {
      RegistryClient client =
          new RegistryClient(proxy.host(), Optional.of(new Credential("bot", "pw")), true);

      RegistryClient.Manifest manifest = client.manifest("client/private", "1").orElseThrow();

      assertThat(manifest.digest()).isEqualTo(IMAGE.manifestDigest());
      assertThat(proxy.tokenScopes()).containsExactly("repository:client/private:pull");
    }
  }

  @Test
  void anonymousAccessToAPrivateRegistryIsUnauthorized() throws Exception {
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host()).requireBearerToken("bot", "pw")) {
      RegistryClient client = new RegistryClient(proxy.host(), Optional.empty(), true);

      assertThatThrownBy(() -> client.manifest("client/private", "1"))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED))
          .hasMessageContaining("anonymous access")
          .hasMessageContaining("settings.xml");
    }
  }

  @Test
  void theRegistryIsTheOneGiven() {
    assertThat(new RegistryClient("registry.example:5000", Optional.empty(), false).registry())
        .isEqualTo("registry.example:5000");
  }

  /** Stores an image with the client itself: blobs, then the manifest. */
  private static String store(
      RegistryClient client, String repository, String tag, OciFixtures.Image image)
      throws Exception {
    for (OciFixtures.Layer layer : image.layers()) {
      if (!client.hasBlob(repository, layer.digest())) {
        client.uploadBlob(
            repository,
            layer.digest(),
            layer.gzip().length,
            () -> new ByteArrayInputStream(layer.gzip()));
      }
    }
    client.uploadBlob(
        repository,
        image.configDigest(),
        image.config().length,
        () -> new ByteArrayInputStream(image.config()));
    return client.putManifest(repository, tag, image.manifest(), OciFixtures.MANIFEST_TYPE);
  }

  @Test
  void downloadBlobStoresTheBlobOfTheDeclaredSize() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    store(client, "client/download", "1", IMAGE);
    OciFixtures.Layer layer = IMAGE.layers().get(0);
    Path target = dir.resolve("blob");

    client.downloadBlob("client/download", layer.digest(), layer.gzip().length, target);

    assertThat(Files.readAllBytes(target)).isEqualTo(layer.gzip());
  }

  @Test
  void buildsThatDownloadTheSameBlobAtOnceEachStoreItWhole() throws Exception {
    RegistryClient client = client(REGISTRY.host());
    OciFixtures.Image image =
        OciFixtures.image(OciFixtures.binaryLayer(Map.of("big", new byte[4 << 20])));
    store(client, "client/same-blob", "1", image);
    OciFixtures.Layer layer = image.layers().get(0);
    Path target = dir.resolve("shared/blob");

    List<Thread> downloads = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread download =
          new Thread(
              () -> {
                try {
                  client(REGISTRY.host())
                      .downloadBlob(
                          "client/same-blob", layer.digest(), layer.gzip().length, target);
                } catch (Throwable t) {
                  failures.add(t);
                }
              });
      download.start();
      downloads.add(download);
    }
    for (Thread download : downloads) {
      download.join();
    }

    assertThat(failures).isEmpty();
    assertThat(Files.readAllBytes(target)).isEqualTo(layer.gzip());
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = RegistryProxy.Fault.class,
      names = {"ENDLESS_BODY", "OVERSIZED_BODY", "OVERSIZED_CHUNKED_BODY", "WRONG_DIGEST"})
  void downloadBlobReadsNoMoreThanTheDeclaredSizeAndChecksTheDigestAsItStreams(
      RegistryProxy.Fault fault) throws Exception {
    store(client(REGISTRY.host()), "client/hostile", "1", IMAGE);
    OciFixtures.Layer layer = IMAGE.layers().get(0);
    Path target = dir.resolve("blob");
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host()).failBlobDownloads(fault)) {
      assertThatThrownBy(
              () ->
                  client(proxy.host())
                      .downloadBlob("client/hostile", layer.digest(), layer.gzip().length, target))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.DAMAGED))
          .hasMessageContaining(
              "blob " + layer.digest() + " of " + proxy.host() + "/client/hostile");
    }
    assertThat(target).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
    }
  }

  @Test
  void aManifestLargerThanTheLimitIsRefusedWithoutReadingItAll() throws Exception {
    store(client(REGISTRY.host()), "client/endless-manifest", "1", IMAGE);
    try (RegistryProxy proxy =
        RegistryProxy.to(REGISTRY.host()).failManifestDownloads(RegistryProxy.Fault.ENDLESS_BODY)) {
      assertThatThrownBy(() -> client(proxy.host()).manifest("client/endless-manifest", "1", 4096))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.DAMAGED))
          .hasMessageContaining(
              "more than the 4096 bytes expected of manifest client/endless-manifest:1");
    }
  }

  private static RegistryClient client(String host) {
    return new RegistryClient(host, Optional.empty(), true);
  }
}
