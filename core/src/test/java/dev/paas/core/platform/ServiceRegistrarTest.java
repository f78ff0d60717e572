package dev.paas.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.paas.core.PaasException;
import dev.paas.core.testing.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceRegistrarTest {
  private static final String IMAGE = "registry.example/acme/app:1.0-test";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  /** One request as the server saw it. */
  private record Request(String method, String path, String contentType, byte[] body) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final RecordingLog log = new RecordingLog();
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI serve(int status, String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestBody().readAllBytes()));
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/registrations");
  }

  @Test
  void registerPostsTheServiceEnvironmentImageAndDigestAsJson() throws Exception {
    URI url = serve(201, "{\"id\":1}");

    new ServiceRegistrar(log)
        .register(new EnvironmentAdditions.Registration("jacoco", url), "test", IMAGE, DIGEST);

    assertThat(requests).hasSize(1);
    Request request = requests.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/registrations");
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode json = new ObjectMapper().readTree(request.body());
    assertThat(json.size()).isEqualTo(4);
    assertThat(json.path("service").asText()).isEqualTo("jacoco");
    assertThat(json.path("environment").asText()).isEqualTo("test");
    assertThat(json.path("image").asText()).isEqualTo(IMAGE);
    assertThat(json.path("digest").asText()).isEqualTo(DIGEST);
    assertThat(log.lines())
        .containsExactly(
            "INFO Registered the service 'jacoco' of " + IMAGE + " (test) with " + url);
  }

  @Test
  void aServerErrorIsReportedWithItsAnswer() throws Exception {
    URI url = serve(500, "database is down\n");

    assertThatThrownBy(
            () ->
                new ServiceRegistrar(log)
                    .register(
                        new EnvironmentAdditions.Registration("jacoco", url),
                        "test",
                        IMAGE,
                        DIGEST))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(
            "Registering the service 'jacoco' of " + IMAGE + " with " + url + " failed")
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("database is down")
        .hasMessageContaining("run paas:push again");
    assertThat(requests).hasSize(1);
    assertThat(log.lines()).isEmpty();
  }

  @Test
  void aClosedPortIsReportedToo() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/api/registrations");

    assertThatThrownBy(
            () ->
                new ServiceRegistrar(log)
                    .register(
                        new EnvironmentAdditions.Registration("jacoco", url),
                        "prod",
                        IMAGE,
                        DIGEST))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(
            "Registering the service 'jacoco' of " + IMAGE + " with " + url + " failed")
        .hasMessageContaining("run paas:push again")
        .hasMessageContaining("reachable");
  }
}
