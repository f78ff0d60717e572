package dev.paas.core.check.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.paas.core.PaasException;
import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.InstalledPackage.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a local server that answers as the OSV API documents (https://osv.dev/docs/):
 * {@code POST /v1/querybatch} gives each query's advisory ids, a page at a time, and {@code GET
 * /v1/vulns/{id}} the real GitHub advisory documents under {@code /osv}. osv.dev itself is not
 * reachable from the machines these tests run on.
 */
class OsvApiClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, List<String>> IDS =
      Map.of(
          "org.apache.logging.log4j:log4j-core",
              List.of("GHSA-jfh8-c2jp-5v3q", "GHSA-7rjr-3q55-vv33"),
          "com.fasterxml.jackson.core:jackson-databind",
              List.of("GHSA-57j2-w4cx-62h2", "GHSA-jjjh-jjxp-wpff"));

  private HttpServer server;
  private URI base;
  private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  private final List<String> fetched = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failWith = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/querybatch", this::querybatch);
    server.createContext("/v1/vulns/", this::vuln);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** One id per page: the first page of a query holds its first id and a token for the next. */
  private void querybatch(HttpExchange exchange) throws IOException {
    if (failWith.get() != 0) {
      answer(exchange, failWith.get(), "{\"code\": 13, \"message\": \"internal error\"}");
      return;
    }
    assertThat(exchange.getRequestMethod()).isEqualTo("POST");
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    JsonNode queries = request.path("queries");
    batchSizes.add(queries.size());
    ObjectNode response = JSON.createObjectNode();
    ArrayNode results = response.putArray("results");
    for (JsonNode q : queries) {
      ObjectNode result = results.addObject();
      List<String> ids = IDS.getOrDefault(q.path("package").path("name").asText(), List.of());
      int page = q.has("page_token") ? Integer.parseInt(q.get("page_token").asText()) : 0;
      if (page < ids.size()) {
        result
            .putArray("vulns")
            .addObject()
            .put("id", ids.get(page))
            .put("modified", "2024-01-01T00:00:00Z");
        if (page + 1 < ids.size()) {
          result.put("next_page_token", String.valueOf(page + 1));
        }
      }
    }
    answer(exchange, 200, response.toString());
  }

  private void vuln(HttpExchange exchange) throws IOException {
    String id = exchange.getRequestURI().getPath().substring("/v1/vulns/".length());
    fetched.add(id);
    byte[] body;
    try {
      body = OsvParserTest.resource(id + ".json");
    } catch (IOException e) {
      answer(exchange, 404, "{\"code\": 5, \"message\": \"Bug not found.\"}");
      return;
    }
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private OsvApiClient client() {
    return new OsvApiClient(base, Duration.ofSeconds(10));
  }

  @Test
  void findsFollowsPagesAndFetchesEachAdvisoryOnce() throws Exception {
    List<Advisory> advisories =
        client()
            .fetch(
                List.of(
                    new OsvApiClient.Query(
                        "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
                    new OsvApiClient.Query(
                        "Maven", "org.apache.logging.log4j:log4j-core", "2.15.0"),
                    new OsvApiClient.Query(
                        "Maven", "com.fasterxml.jackson.core:jackson-databind", "2.13.2"),
                    new OsvApiClient.Query("Maven", "org.example:clean", "1.0")));

    assertThat(advisories)
        .extracting(Advisory::id)
        .containsExactlyInAnyOrder(
            "GHSA-jfh8-c2jp-5v3q",
            "GHSA-7rjr-3q55-vv33",
            "GHSA-57j2-w4cx-62h2",
            "GHSA-jjjh-jjxp-wpff");
    assertThat(batchSizes).containsExactly(4, 3);
    assertThat(fetched).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void theFetchedAdvisoriesMatchLikeDownloadedOnes() throws Exception {
    ImageInventory image =
        AdvisoryMatcherTest.image(
            Optional.empty(),
            AdvisoryMatcherTest.maven("org.apache.logging.log4j:log4j-core", "2.14.1"),
            AdvisoryMatcherTest.maven(":guava", "31.0"));
    List<OsvApiClient.Query> queries = OsvApiClient.queries(image);
    assertThat(queries)
        .containsExactly(
            new OsvApiClient.Query("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"));

    AdvisoryDb db = AdvisoryDb.of(List.of()).merge(client().fetch(queries));
    assertThat(new AdvisoryMatcher(VersionSchemes::forEcosystem).match(image, db))
        .extracting(m -> m.advisory().id() + "->" + m.fixedVersion().orElseThrow())
        .containsExactlyInAnyOrder("GHSA-jfh8-c2jp-5v3q->2.15.0", "GHSA-7rjr-3q55-vv33->2.16.0");
  }

  @Test
  void knownAdvisoriesAreNotFetchedAgain() throws Exception {
    List<Advisory> advisories =
        client()
            .fetch(
                List.of(
                    new OsvApiClient.Query(
                        "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1")),
                Set.of("GHSA-jfh8-c2jp-5v3q"));
    assertThat(advisories).extracting(Advisory::id).containsExactly("GHSA-7rjr-3q55-vv33");
    assertThat(fetched).containsExactly("GHSA-7rjr-3q55-vv33");
  }

  @Test
  void sendsAtMostAThousandQueriesABatch() throws Exception {
    List<OsvApiClient.Query> queries = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      queries.add(new OsvApiClient.Query("Maven", "org.example:lib" + i, "1.0"));
    }
    assertThat(client().fetch(queries)).isEmpty();
    assertThat(batchSizes).containsExactly(1000, 1000, 500);
  }

  @Test
  void osQueriesUseTheReleaseEcosystemAndSourcePackages() {
    ImageInventory debian =
        AdvisoryMatcherTest.image(
            AdvisoryMatcherTest.os("debian", "12"),
            AdvisoryMatcherTest.pkg(
                Kind.DPKG, "libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
            AdvisoryMatcherTest.pkg(
                Kind.DPKG, "openssl", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"));
    assertThat(OsvApiClient.queries(debian))
        .containsExactly(new OsvApiClient.Query("Debian:12", "openssl", "3.0.11-1~deb12u2"));
    ImageInventory ubuntu =
        AdvisoryMatcherTest.image(
            AdvisoryMatcherTest.os("ubuntu", "22.04"),
            AdvisoryMatcherTest.pkg(Kind.DPKG, "libvips42", "8.12.1-1", "vips", "8.12.1-1"));
    assertThat(OsvApiClient.queries(ubuntu))
        .containsExactly(new OsvApiClient.Query("Ubuntu:22.04:LTS", "vips", "8.12.1-1"));
    ImageInventory alpine =
        AdvisoryMatcherTest.image(
            AdvisoryMatcherTest.os("alpine", "3.19.1"),
            AdvisoryMatcherTest.pkg(Kind.APK, "libcrypto3", "3.1.4-r0", "openssl", ""));
    assertThat(OsvApiClient.queries(alpine))
        .containsExactly(new OsvApiClient.Query("Alpine:v3.19", "openssl", "3.1.4-r0"));
  }

  @Test
  void errorsNameTheUrlAndStatusAndSuggestTheOfflineDatabase() {
    failWith.set(503);
    assertThatThrownBy(() -> client().fetch(List.of(new OsvApiClient.Query("Maven", "a:b", "1"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("OSV API POST " + base + "/v1/querybatch answered HTTP 503")
        .hasMessageContaining("internal error")
        .hasMessageContaining("vulnerabilityDb");
    failWith.set(0);

    server.removeContext("/v1/vulns/");
    server.createContext(
        "/v1/vulns/", exchange -> answer(exchange, 404, "{\"message\": \"Bug not found.\"}"));
    assertThatThrownBy(
            () ->
                client()
                    .fetch(
                        List.of(
                            new OsvApiClient.Query(
                                "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"))))
        .hasMessageContaining("OSV API GET " + base + "/v1/vulns/GHSA-")
        .hasMessageContaining("answered HTTP 404");
  }

  @Test
  void anUnreachableApiIsNamed() throws Exception {
    server.stop(0);
    assertThatThrownBy(() -> client().fetch(List.of(new OsvApiClient.Query("Maven", "a:b", "1"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("OSV API POST " + base + "/v1/querybatch could not be reached")
        .hasMessageContaining("vulnerabilityDb");
  }
}
