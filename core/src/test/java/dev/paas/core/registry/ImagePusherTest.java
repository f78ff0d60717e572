package dev.paas.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.ImagePusher.PushResult;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.RegistryProxy;
import dev.paas.core.testing.TestRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImagePusherTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  @TempDir Path dir;

  private final RecordingLog log = new RecordingLog();

  @Test
  void pushesTheImageByteForByteUnderItsLocalDigest() throws Exception {
    OciFixtures.Image fixture = uniqueImage("byte-for-byte");
    ImageReference target = ref(REGISTRY.host() + "/team/app:1.0");

    PushResult result = push(fixture, target, Optional.empty());

    assertThat(result.digest()).isEqualTo(fixture.manifestDigest());
    assertThat(result.uploaded()).isEqualTo(fixture.blobCount());
    assertThat(result.mounted()).isZero();
    assertThat(result.skipped()).isZero();
    HttpResponse<byte[]> manifest = REGISTRY.getManifest("team/app", "1.0");
    assertThat(manifest.statusCode()).isEqualTo(200);
    assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
        .contains(fixture.manifestDigest());
    assertThat(manifest.headers().firstValue("Content-Type")).contains(OciFixtures.MANIFEST_TYPE);
    assertThat(manifest.body()).isEqualTo(fixture.manifest());
    for (Map.Entry<String, byte[]> blob :
        Map.of(
                fixture.layers().get(0).digest(), fixture.layers().get(0).gzip(),
                fixture.layers().get(1).digest(), fixture.layers().get(1).gzip(),
                fixture.configDigest(), fixture.config())
            .entrySet()) {
      HttpResponse<byte[]> got = REGISTRY.request("GET", "/v2/team/app/blobs/" + blob.getKey());
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(blob.getValue());
    }
    assertThat(log.lines())
        .anyMatch(l -> l.startsWith("INFO Pushed " + target + "@" + result.digest()));
  }

  @Test
  void pushesAnOciLayoutDirectoryToo() throws Exception {
    OciFixtures.Image fixture = uniqueImage("directory");
    Path layout = OciFixtures.ociDir(fixture, dir.resolve("layout"));

    PushResult result;
    try (OciImage image = OciImage.open(ImageReference.parse("oci:" + layout, "test"))) {
      result = pusher().push(image, ref(REGISTRY.host() + "/team/dir:1"), Optional.empty());
    }

    assertThat(result.digest()).isEqualTo(fixture.manifestDigest());
    assertThat(REGISTRY.getManifest("team/dir", "1").body()).isEqualTo(fixture.manifest());
  }

  @Test
  void aTargetWithoutTagIsPushedAsLatest() throws Exception {
    OciFixtures.Image fixture = uniqueImage("latest");

    push(fixture, ref(REGISTRY.host() + "/team/untagged"), Optional.empty());

    assertThat(
            REGISTRY
                .getManifest("team/untagged", "latest")
                .headers()
                .firstValue("Docker-Content-Digest"))
        .contains(fixture.manifestDigest());
  }

  @Test
  void aSecondPushOfTheSameImageUploadsNothing() throws Exception {
    OciFixtures.Image fixture = uniqueImage("twice");
    ImageReference target = ref(REGISTRY.host() + "/team/twice:1");
    push(fixture, target, Optional.empty());

    PushResult again = push(fixture, target, Optional.empty());

    assertThat(again.skipped()).isEqualTo(fixture.blobCount());
    assertThat(again.uploaded()).isZero();
    assertThat(again.mounted()).isZero();
    assertThat(again.digest()).isEqualTo(fixture.manifestDigest());
  }

  @Test
  void layersSharedWithTheBaseAreMountedFromItsRepository() throws Exception {
    OciFixtures.Layer shared =
        OciFixtures.layer(
            Map.of("etc/passwd", "root:x:0:0::/root:/bin/sh\n", "etc/hostname", "mount-test\n"));
    OciFixtures.Image base = OciFixtures.image(shared);
    ImageReference baseRef = ref(REGISTRY.host() + "/base/mount:1");
    push(base, baseRef, Optional.empty());
    OciFixtures.Image app =
        OciFixtures.image(
            Map.of(),
            List.of(shared, OciFixtures.layer(Map.of("app/app.jar", "mount-test app\n"))));

    PushResult result = push(app, ref(REGISTRY.host() + "/team/mounted:1"), Optional.of(baseRef));

    assertThat(result.mounted()).isEqualTo(1);
    assertThat(result.uploaded()).isEqualTo(2);
    assertThat(result.skipped()).isZero();
    assertThat(REGISTRY.hasBlob("team/mounted", shared.digest())).isTrue();
    assertThat(REGISTRY.getManifest("team/mounted", "1").body()).isEqualTo(app.manifest());
    assertThat(log.lines())
        .anyMatch(
            l ->
                l.contains(shared.digest().substring(7, 19))
                    && l.contains("mounted from base/mount"));
  }

  @Test
  void aBaseOnAnotherRegistryOrALocalBaseIsNotMountedFrom() throws Exception {
    OciFixtures.Image fixture = uniqueImage("no-mount");

    PushResult fromElsewhere =
        push(
            fixture,
            ref(REGISTRY.host() + "/team/nomount:1"),
            Optional.of(ref("registry.example/base/mount:1")));
    PushResult fromLocal =
        push(
            fixture,
            ref(REGISTRY.host() + "/team/nomount2:1"),
            Optional.of(ref("oci-archive:/tmp/base.tar")));

    assertThat(fromElsewhere.mounted()).isZero();
    assertThat(fromElsewhere.uploaded()).isEqualTo(fixture.blobCount());
    assertThat(fromLocal.mounted()).isZero();
    assertThat(fromLocal.uploaded()).isEqualTo(fixture.blobCount());
  }

  @Test
  void aRegistryThatIsDownIsUnreachableAndNamed() throws Exception {
    String down = "127.0.0.1:" + freeClosedPort();
    OciFixtures.Image fixture = uniqueImage("down");

    assertThatThrownBy(() -> push(fixture, ref(down + "/team/app:1"), Optional.empty()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNREACHABLE))
        .hasMessageContaining("registry " + down)
        .hasMessageContaining("check that it is running");
  }

  @Test
  void aPlainHttpRegistryIsRefusedUnlessInsecureRegistriesAreAllowed() throws Exception {
    OciFixtures.Image fixture = uniqueImage("insecure");
    ImagePusher strict = new ImagePusher(CredentialSource.none(), false, log);

    assertThatThrownBy(
            () -> {
              try (OciImage image = open(fixture)) {
                strict.push(image, ref(REGISTRY.host() + "/team/insecure:1"), Optional.empty());
              }
            })
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INSECURE))
        .hasMessageContaining(REGISTRY.host())
        .hasMessageContaining("allowInsecureRegistries");
    assertThat(REGISTRY.getManifest("team/insecure", "1").statusCode()).isEqualTo(404);
  }

  @Test
  void aSelfSignedHttpsRegistryIsUsedWhenInsecureRegistriesAreAllowed() throws Exception {
    OciFixtures.Image fixture = uniqueImage("self-signed");
    try (TestRegistry tls = TestRegistry.withSelfSignedTls()) {
      tls.start();

      PushResult result = push(fixture, ref(tls.host() + "/team/tls:1"), Optional.empty());

      assertThat(result.digest()).isEqualTo(fixture.manifestDigest());
      assertThat(tls.getManifest("team/tls", "1").body()).isEqualTo(fixture.manifest());
    }
  }

  @Test
  void aSelfSignedHttpsRegistryIsRefusedUnlessInsecureRegistriesAreAllowed() throws Exception {
    OciFixtures.Image fixture = uniqueImage("self-signed-strict");
    ImagePusher strict = new ImagePusher(CredentialSource.none(), false, log);
    try (TestRegistry tls = TestRegistry.withSelfSignedTls()) {
      tls.start();

      assertThatThrownBy(
              () -> {
                try (OciImage image = open(fixture)) {
                  strict.push(image, ref(tls.host() + "/team/tls:1"), Optional.empty());
                }
              })
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INSECURE))
          .hasMessageContaining(tls.host())
          .hasMessageContaining("allowInsecureRegistries");
      assertThat(tls.getManifest("team/tls", "1").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aServerErrorMidwayIsReportedAndARetrySkipsWhatWasUploaded() throws Exception {
    OciFixtures.Image fixture = uniqueImage("fault-500");
    try (RegistryProxy proxy =
        RegistryProxy.to(REGISTRY.host()).failBlobUpload(2, RegistryProxy.Fault.STATUS_500)) {
      ImageReference target = ref(proxy.host() + "/team/fault500:1");
      String second = fixture.layers().get(1).digest();

      assertThatThrownBy(() -> push(fixture, target, Optional.empty()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FAILED))
          .hasMessageContaining("Registry " + proxy.host() + " answered 500")
          .hasMessageContaining("uploading " + second + " to team/fault500");
      assertThat(REGISTRY.getManifest("team/fault500", "1").statusCode()).isEqualTo(404);

      PushResult retry = push(fixture, target, Optional.empty());

      assertThat(retry.skipped()).isEqualTo(1);
      assertThat(retry.uploaded()).isEqualTo(fixture.blobCount() - 1);
      assertThat(retry.digest()).isEqualTo(fixture.manifestDigest());
      assertThat(REGISTRY.getManifest("team/fault500", "1").body()).isEqualTo(fixture.manifest());
    }
  }

  @Test
  void aDroppedConnectionMidwayIsReportedAndARetryOnAHealthyPathFinishes() throws Exception {
    OciFixtures.Image fixture = uniqueImage("fault-drop");
    try (RegistryProxy proxy =
        RegistryProxy.to(REGISTRY.host()).failBlobUpload(3, RegistryProxy.Fault.DROP_CONNECTION)) {

      assertThatThrownBy(
              () -> push(fixture, ref(proxy.host() + "/team/faultdrop:1"), Optional.empty()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNREACHABLE))
          .hasMessageContaining("Lost the connection to registry " + proxy.host())
          .hasMessageContaining("PUT")
          .hasMessageContaining("retry");
    }

    PushResult retry = push(fixture, ref(REGISTRY.host() + "/team/faultdrop:1"), Optional.empty());

    assertThat(retry.skipped()).as("both layers got through before the drop").isEqualTo(2);
    assertThat(retry.uploaded()).as("the config").isEqualTo(1);
    assertThat(REGISTRY.getManifest("team/faultdrop", "1").body()).isEqualTo(fixture.manifest());
  }

  @Test
  void credentialsAreNotSentOverPlainHttpUnlessAllowed() throws Exception {
    OciFixtures.Image fixture = uniqueImage("basic-http");
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host()).requireBasicAuth("ci", "s3cret")) {
      ImagePusher pusher = new ImagePusher(credentials(proxy.host(), "ci", "s3cret"), true, log);

      assertThatThrownBy(
              () -> {
                try (OciImage image = open(fixture)) {
                  pusher.push(image, ref(proxy.host() + "/team/basichttp:1"), Optional.empty());
                }
              })
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED))
          .hasMessageContaining(proxy.host())
          .hasMessageContaining(RegistryClient.SEND_CREDENTIALS_OVER_HTTP)
          .hasMessageNotContaining("s3cret");
      assertThat(proxy.requests()).noneMatch(r -> r.startsWith("PUT"));
    }
  }

  @Test
  void basicAuthWithTheRightCredentialPushes() throws Exception {
    allowCredentialsOverHttp();
    OciFixtures.Image fixture = uniqueImage("basic-ok");
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host()).requireBasicAuth("ci", "s3cret")) {
      ImagePusher pusher = new ImagePusher(credentials(proxy.host(), "ci", "s3cret"), true, log);

      PushResult result;
      try (OciImage image = open(fixture)) {
        result = pusher.push(image, ref(proxy.host() + "/team/basic:1"), Optional.empty());
      }

      assertThat(result.digest()).isEqualTo(fixture.manifestDigest());
      assertThat(result.uploaded()).isEqualTo(fixture.blobCount());
    }
    assertThat(REGISTRY.getManifest("team/basic", "1").body()).isEqualTo(fixture.manifest());
  }

  @Test
  void basicAuthWithAWrongCredentialIsUnauthorizedAndPointsAtSettingsXml() throws Exception {
    allowCredentialsOverHttp();
    OciFixtures.Image fixture = uniqueImage("basic-wrong");
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host()).requireBasicAuth("ci", "s3cret")) {
      ImagePusher pusher = new ImagePusher(credentials(proxy.host(), "ci", "Wr0ngPa55"), true, log);

      assertThatThrownBy(
              () -> {
                try (OciImage image = open(fixture)) {
                  pusher.push(image, ref(proxy.host() + "/team/basicwrong:1"), Optional.empty());
                }
              })
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED))
          .hasMessageContaining(proxy.host())
          .hasMessageContaining("user 'ci'")
          .hasMessageContaining("settings.xml")
          .hasMessageNotContaining("Wr0ngPa55");
    }
  }

  @Test
  void anonymousPushToARegistryThatDemandsAuthIsUnauthorized() throws Exception {
    OciFixtures.Image fixture = uniqueImage("anonymous");
    try (RegistryProxy proxy = RegistryProxy.to(REGISTRY.host()).requireBasicAuth("ci", "s3cret")) {
      ImageReference target = ref(proxy.host() + "/team/anonymous:1");

      assertThatThrownBy(() -> push(fixture, target, Optional.empty()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED))
          .hasMessageContaining("anonymous access")
          .hasMessageContaining("settings.xml");
    }
  }

  @Test
  void bearerTokenAuthPushesWithTokensScopedToTheRepository() throws Exception {
    allowCredentialsOverHttp();
    OciFixtures.Image fixture = uniqueImage("bearer");
    try (RegistryProxy proxy =
        RegistryProxy.to(REGISTRY.host()).requireBearerToken("ci", "t0ken")) {
      ImagePusher pusher = new ImagePusher(credentials(proxy.host(), "ci", "t0ken"), true, log);

      PushResult result;
      try (OciImage image = open(fixture)) {
        result = pusher.push(image, ref(proxy.host() + "/team/bearer:1"), Optional.empty());
      }

      assertThat(result.digest()).isEqualTo(fixture.manifestDigest());
      assertThat(proxy.tokenScopes())
          .contains("repository:team/bearer:pull", "repository:team/bearer:pull,push");
    }
    assertThat(REGISTRY.getManifest("team/bearer", "1").body()).isEqualTo(fixture.manifest());
  }

  @Test
  void bearerTokenAuthWithAWrongCredentialIsUnauthorized() throws Exception {
    allowCredentialsOverHttp();
    OciFixtures.Image fixture = uniqueImage("bearer-wrong");
    try (RegistryProxy proxy =
        RegistryProxy.to(REGISTRY.host()).requireBearerToken("ci", "t0ken")) {
      ImagePusher pusher = new ImagePusher(credentials(proxy.host(), "ci", "nope"), true, log);

      assertThatThrownBy(
              () -> {
                try (OciImage image = open(fixture)) {
                  pusher.push(image, ref(proxy.host() + "/team/bearerwrong:1"), Optional.empty());
                }
              })
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAUTHORIZED))
          .hasMessageContaining("user 'ci'")
          .hasMessageContaining("settings.xml");
    }
  }

  // --- helpers ---

  @AfterEach
  void restoreCredentialsOverHttp() {
    System.clearProperty(RegistryClient.SEND_CREDENTIALS_OVER_HTTP);
  }

  private static void allowCredentialsOverHttp() {
    System.setProperty(RegistryClient.SEND_CREDENTIALS_OVER_HTTP, "true");
  }

  /**
   * An image of two layers whose content is unique to {@code name}, so tests do not share blobs.
   */
  static OciFixtures.Image uniqueImage(String name) {
    return OciFixtures.image(
        OciFixtures.layer(
            Map.of("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", "etc/image-name", name + "\n")),
        OciFixtures.layer(Map.of("app/" + name + ".txt", "content of " + name + "\n")));
  }

  private PushResult push(
      OciFixtures.Image fixture, ImageReference target, Optional<ImageReference> mountFrom)
      throws PaasException, IOException {
    try (OciImage image = open(fixture)) {
      return pusher().push(image, target, mountFrom);
    }
  }

  private OciImage open(OciFixtures.Image fixture) throws PaasException {
    Path tar = dir.resolve(fixture.manifestDigest().substring(7, 19) + ".oci.tar");
    if (!Files.exists(tar)) {
      OciFixtures.ociArchive(fixture, tar);
    }
    return OciImage.open(ImageReference.parse("oci-archive:" + tar, "test"));
  }

  private ImagePusher pusher() {
    return new ImagePusher(CredentialSource.none(), true, log);
  }

  private static CredentialSource credentials(String host, String user, String secret) {
    return registry ->
        registry.equals(host) ? Optional.of(new Credential(user, secret)) : Optional.empty();
  }

  private static ImageReference ref(String text) throws PaasException {
    return ImageReference.parse(text, "test");
  }

  private static int freeClosedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
