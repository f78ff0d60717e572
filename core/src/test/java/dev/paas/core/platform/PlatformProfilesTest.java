package dev.paas.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.paas.core.PaasException;
import dev.paas.core.run.OsFamily;
import dev.paas.core.testing.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformProfilesTest {
  private static final String PROFILE =
      """
      schemaVersion: 1
      name: acme
      options:
        curl:
          description: curl, for health checks
          run:
            debian: apt-get install -y curl
      """;

  @TempDir Path project;
  @TempDir Path cache;

  private final RecordingLog log = new RecordingLog();
  private final List<String> resolved = new ArrayList<>();
  private final ArtifactResolver noArtifacts =
      (coordinates, extension, purpose) -> {
        throw new AssertionError("no artifact should be resolved, asked for " + coordinates);
      };
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private PlatformProfiles profiles(boolean offline) {
    return new PlatformProfiles(noArtifacts, cache, offline, log);
  }

  /**
   * A real HTTP server on the loopback interface answering every GET with {@code status} and {@code
   * body}.
   */
  private String serve(int status, byte[] body, AtomicInteger requests) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/yaml");
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/platform/profile.yaml";
  }

  private static void assertIsTheAcmeProfile(PlatformProfile profile) {
    assertThat(profile.name()).isEqualTo("acme");
    assertThat(profile.options()).containsKeys("wget", "curl");
    assertThat(profile.options().get("curl").run())
        .isEqualTo(Map.of(OsFamily.DEBIAN, "apt-get install -y curl"));
    assertThat(profile.services()).containsKey("jacoco");
  }

  @Test
  void noLocationIsTheEmbeddedProfile() throws PaasException {
    PlatformProfile profile = profiles(false).load(Optional.empty(), project);

    assertThat(profile).isEqualTo(PlatformProfiles.embedded());
    assertThat(profile.source()).isEqualTo("embedded default profile");
    assertThat(profiles(false).load(Optional.of("  "), project))
        .isEqualTo(PlatformProfiles.embedded());
  }

  @Test
  void aRelativeFileIsReadFromTheBaseDirectoryOverTheEmbeddedProfile() throws Exception {
    Path file = project.resolve("src/platform/acme.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, PROFILE);

    PlatformProfile profile = profiles(false).load(Optional.of("src/platform/acme.yaml"), project);

    assertIsTheAcmeProfile(profile);
    assertThat(profile.source()).isEqualTo(file.toString());
  }

  @Test
  void theProfileIsNamedByTheDigestOfTheBytesRead() throws Exception {
    Path file = project.resolve("acme.yaml");
    Files.writeString(file, PROFILE);
    String expected =
        "sha256:"
            + HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

    PlatformProfile profile = profiles(false).load(Optional.of("acme.yaml"), project);

    assertThat(profile.digest()).isEqualTo(expected);
    assertThat(PlatformProfiles.embedded().digest())
        .matches("sha256:[0-9a-f]{64}")
        .isNotEqualTo(expected);
    Files.writeString(file, PROFILE + "# one more line\n");
    assertThat(profiles(false).load(Optional.of("acme.yaml"), project).digest())
        .isNotEqualTo(expected);
  }

  @Test
  void aFileUrlIsRead() throws Exception {
    Path file = project.resolve("acme.yaml");
    Files.writeString(file, PROFILE);

    PlatformProfile profile =
        profiles(false).load(Optional.of(file.toUri().toString()), Path.of("/nonexistent"));

    assertIsTheAcmeProfile(profile);
    assertThat(profile.source()).isEqualTo(file.toString());
  }

  @Test
  void anHttpUrlIsFetchedAndKeptForOfflineBuilds() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    String url = serve(200, PROFILE.getBytes(StandardCharsets.UTF_8), requests);

    PlatformProfile online = profiles(false).load(Optional.of(url), project);

    assertIsTheAcmeProfile(online);
    assertThat(online.source()).isEqualTo(url);
    assertThat(requests).hasValue(1);

    server.stop(0);
    server = null;
    PlatformProfile offline = profiles(true).load(Optional.of(url), project);

    assertIsTheAcmeProfile(offline);
    assertThat(offline.source()).isEqualTo(url);
    assertThat(offline).isEqualTo(online);
    assertThat(log.lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("INFO Offline: using the copy of the platform profile " + url));
  }

  @Test
  void offlineANeverFetchedUrlFails() {
    String url = "http://127.0.0.1:9/never/fetched.yaml";

    assertThatThrownBy(() -> profiles(true).load(Optional.of(url), project))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("offline");
  }

  @Test
  void anHttpErrorNamesTheStatusAndTheUrl() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    String url = serve(404, "no such profile".getBytes(StandardCharsets.UTF_8), requests);

    assertThatThrownBy(() -> profiles(false).load(Optional.of(url), project))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining(url);
    assertThat(requests).hasValue(1);
    try (var kept = Files.list(cache)) {
      assertThat(kept).as("nothing is kept of a failed fetch").isEmpty();
    }
  }

  @Test
  void anInvalidProfileFromAUrlIsReportedWithTheUrlAsSource() throws Exception {
    String url =
        serve(
            200,
            "schemaVersion: 1\noptoins: {}\n".getBytes(StandardCharsets.UTF_8),
            new AtomicInteger());

    assertThatThrownBy(() -> profiles(false).load(Optional.of(url), project))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(url + ":2:1: unknown key 'optoins'");
  }

  @Test
  void aMissingFileDoesNotExist() {
    assertThatThrownBy(() -> profiles(false).load(Optional.of("no/such/profile.yaml"), project))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("'no/such/profile.yaml' does not exist")
        .hasMessageContaining(project.resolve("no/such/profile.yaml").toString());
  }

  @Test
  void mavenCoordinatesGoToTheArtifactResolver() throws Exception {
    Path artifact = project.resolve("platform-1.0.yaml");
    Files.writeString(artifact, PROFILE);
    List<String> purposes = new ArrayList<>();
    ArtifactResolver resolver =
        (coordinates, extension, purpose) -> {
          resolved.add(coordinates + " " + extension);
          purposes.add(purpose);
          return artifact;
        };

    PlatformProfile profile =
        new PlatformProfiles(resolver, cache, false, log)
            .load(Optional.of("com.example:platform:1.0"), project);

    assertThat(resolved).containsExactly("com.example:platform:1.0 yaml");
    assertThat(purposes).containsExactly("the platform profile");
    assertIsTheAcmeProfile(profile);
    assertThat(profile.source()).isEqualTo("com.example:platform:1.0");
  }

  @Test
  void aFileNamedLikeCoordinatesIsReadAsAFile() throws Exception {
    Files.writeString(project.resolve("com.example:platform:1.0"), PROFILE);

    PlatformProfile profile =
        profiles(false).load(Optional.of("com.example:platform:1.0"), project);

    assertIsTheAcmeProfile(profile);
  }

  @Test
  void bytesThatAreNotUtf8FailClearly() throws Exception {
    Path file = project.resolve("latin1.yaml");
    Files.write(file, "schemaVersion: 1\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> profiles(false).load(Optional.of("latin1.yaml"), project))
        .isInstanceOf(PaasException.class)
        .hasMessage(file + ": a platform profile must be UTF-8 text");
  }
}
