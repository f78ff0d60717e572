package dev.paas.core.check.vuln.osv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.PaasException;
import dev.paas.core.check.vuln.ecosystem.PackageEcosystem;
import dev.paas.core.check.vuln.ecosystem.PackageEcosystems;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Asks the OSV API (https://osv.dev/docs/) which advisories affect given packages: {@code POST
 * /v1/querybatch} with at most {@value #MAX_BATCH} queries at a time (following each result's
 * {@code next_page_token}), then {@code GET /v1/vulns/{id}} for each advisory id found, a few at a
 * time. The advisories it returns are meant to be merged into an {@link AdvisoryDb} and matched
 * with {@link AdvisoryMatcher} like downloaded ones.
 *
 * <p>Every failure names the URL and the HTTP status, and says how to check without the API: a
 * downloaded {@code all.zip} given as {@code vulnerabilityDb}.
 */
public final class OsvApiClient {
  /** osv.dev's API. */
  public static final URI DEFAULT_BASE = URI.create("https://api.osv.dev");

  /** The most queries the API takes in one {@code querybatch}. */
  public static final int MAX_BATCH = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IN_FLIGHT = 8;
  private static final int MAX_PAGES = 100;

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * One package version to ask about, e.g. {@code (Maven, org.apache.commons:commons-text, 1.9)}.
   */
  public record Query(String ecosystem, String name, String version) {
    public Query {
      Objects.requireNonNull(ecosystem, "ecosystem");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
    }
  }

  /** A client of osv.dev with a 30-second timeout. */
  public OsvApiClient() {
    this(DEFAULT_BASE, Duration.ofSeconds(30));
  }

  /**
   * A client of the API at {@code base} (e.g. a mirror, or a test server), whose connections and
   * requests each time out after {@code timeout}.
   */
  public OsvApiClient(URI base, Duration timeout) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * The queries for an image's packages, each once: Debian ({@code Debian:12}) and Ubuntu ({@code
   * Ubuntu:22.04:LTS}) by source package and source version, Alpine ({@code Alpine:v3.19}) by
   * origin and the package's version, Rocky Linux and AlmaLinux by rpm name, Java libraries ({@code
   * Maven}) by {@code groupId:artifactId}. Red Hat's rpms and libraries known only by their
   * artifactId are left out: the API cannot be asked about them by name.
   */
  public static List<Query> queries(ImageInventory inventory) {
    Optional<OsRelease> os = inventory.os();
    Set<Query> out = new LinkedHashSet<>();
    for (ImagePackage pkg : inventory.packages()) {
      InstalledPackage p = pkg.installed();
      PackageEcosystem ecosystem = PackageEcosystems.of(p.kind());
      Optional<String> key = ecosystem.key(os);
      if (key.isEmpty()) {
        continue;
      }
      String k = key.get();
      int colon = k.indexOf(':');
      String release = colon < 0 ? "" : k.substring(colon + 1);
      String family = colon < 0 ? k : k.substring(0, colon);
      String name = ecosystem.advisoryName(p);
      String version = ecosystem.advisoryVersion(p);
      switch (family) {
        case "maven" -> {
          if (!name.startsWith(":")) {
            out.add(new Query("Maven", name, version));
          }
        }
        case "debian" -> out.add(new Query("Debian:" + release, name, version));
        case "ubuntu" ->
            out.add(new Query("Ubuntu:" + release + (lts(release) ? ":LTS" : ""), name, version));
        case "alpine" -> out.add(new Query("Alpine:v" + release, name, version));
        case "rocky" -> out.add(new Query("Rocky Linux:" + release, name, version));
        case "almalinux" -> out.add(new Query("AlmaLinux:" + release, name, version));
        default -> {}
      }
    }
    return List.copyOf(out);
  }

  private static boolean lts(String release) {
    String[] parts = release.split("\\.");
    try {
      return parts.length == 2 && parts[1].equals("04") && Integer.parseInt(parts[0]) % 2 == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The advisories that affect any of the queried package versions, each once. */
  public List<Advisory> fetch(Collection<Query> queries) throws PaasException {
    return fetch(queries, Set.of());
  }

  /**
   * As {@link #fetch(Collection)}, but does not download the advisories whose ids are in {@code
   * known} (e.g. those of a database already loaded).
   */
  public List<Advisory> fetch(Collection<Query> queries, Set<String> known) throws PaasException {
    Set<String> ids = new LinkedHashSet<>();
    List<Query> all = List.copyOf(new LinkedHashSet<>(queries));
    for (int from = 0; from < all.size(); from += MAX_BATCH) {
      ids.addAll(vulnerabilityIds(all.subList(from, Math.min(all.size(), from + MAX_BATCH))));
    }
    ids.removeAll(known);
    return advisories(List.copyOf(ids));
  }

  private Set<String> vulnerabilityIds(List<Query> batch) throws PaasException {
    Set<String> ids = new LinkedHashSet<>();
    Map<Query, String> pending = new LinkedHashMap<>();
    for (Query q : batch) {
      pending.put(q, null);
    }
    URI url = URI.create(base + "/v1/querybatch");
    for (int page = 0; !pending.isEmpty(); page++) {
      if (page == MAX_PAGES) {
        throw new PaasException(
            "OSV API POST "
                + url
                + " still had more pages after "
                + MAX_PAGES
                + " requests: check offline with vulnerabilityDb pointing at osv.dev's all.zip instead");
      }
      List<Map.Entry<Query, String>> asked = new ArrayList<>(pending.entrySet());
      ObjectNode body = JSON.createObjectNode();
      ArrayNode list = body.putArray("queries");
      for (Map.Entry<Query, String> e : asked) {
        ObjectNode q = list.addObject();
        q.putObject("package")
            .put("name", e.getKey().name())
            .put("ecosystem", e.getKey().ecosystem());
        q.put("version", e.getKey().version());
        if (e.getValue() != null) {
          q.put("page_token", e.getValue());
        }
      }
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
              .build();
      JsonNode answer = json(url, "POST", send(request, url, "POST"));
      JsonNode results = answer.path("results");
      if (!results.isArray() || results.size() != asked.size()) {
        throw new PaasException(
            "OSV API POST "
                + url
                + " answered "
                + results.size()
                + " results for "
                + asked.size()
                + " queries: the API changed or a proxy altered the answer; check offline "
                + "with vulnerabilityDb pointing at osv.dev's all.zip instead");
      }
      pending.clear();
      for (int i = 0; i < asked.size(); i++) {
        JsonNode result = results.get(i);
        for (JsonNode vuln : result.path("vulns")) {
          String id = vuln.path("id").asText("");
          if (!id.isEmpty()) {
            ids.add(id);
          }
        }
        String next = result.path("next_page_token").asText("");
        if (!next.isEmpty()) {
          pending.put(asked.get(i).getKey(), next);
        }
      }
    }
    return ids;
  }

  private List<Advisory> advisories(List<String> ids) throws PaasException {
    OsvParser parser = new OsvParser();
    List<Advisory> out = new ArrayList<>(ids.size());
    for (int from = 0; from < ids.size(); from += IN_FLIGHT) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_FLIGHT));
      List<URI> urls = new ArrayList<>();
      List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (String id : chunk) {
        URI url =
            URI.create(
                base
                    + "/v1/vulns/"
                    + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        urls.add(url);
        HttpRequest request =
            HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
      }
      for (int i = 0; i < chunk.size(); i++) {
        HttpResponse<byte[]> response = await(answers.get(i), urls.get(i));
        byte[] body = checked(response, urls.get(i), "GET");
        out.add(parser.read(body, "OSV API GET " + urls.get(i)));
      }
    }
    return out;
  }

  private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> answer, URI url)
      throws PaasException {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaasException("OSV API GET " + url + " was interrupted", e);
    } catch (ExecutionException e) {
      throw unreachable(url, "GET", e.getCause());
    }
  }

  private byte[] send(HttpRequest request, URI url, String method) throws PaasException {
    try {
      return checked(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), url, method);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaasException("OSV API " + method + " " + url + " was interrupted", e);
    } catch (IOException e) {
      throw unreachable(url, method, e);
    }
  }

  private byte[] checked(HttpResponse<byte[]> response, URI url, String method)
      throws PaasException {
    if (response.statusCode() == 200) {
      return response.body();
    }
    String text = new String(response.body(), StandardCharsets.UTF_8).strip();
    if (text.length() > 200) {
      text = text.substring(0, 200) + "...";
    }
    throw new PaasException(
        "OSV API "
            + method
            + " "
            + url
            + " answered HTTP "
            + response.statusCode()
            + (text.isEmpty() ? "" : " (" + text + ")")
            + ": try again later, or check offline with "
            + "vulnerabilityDb pointing at osv.dev's all.zip for your ecosystems");
  }

  private PaasException unreachable(URI url, String method, Throwable cause) {
    String what =
        cause instanceof HttpTimeoutException
            ? "did not answer within " + timeout.toSeconds() + " s"
            : "could not be reached (" + cause + ")";
    return new PaasException(
        "OSV API "
            + method
            + " "
            + url
            + " "
            + what
            + ": check the network and "
            + "proxy, or check offline with vulnerabilityDb pointing at osv.dev's all.zip for your "
            + "ecosystems",
        cause);
  }

  private static JsonNode json(URI url, String method, byte[] body) throws PaasException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new PaasException(
          "OSV API "
              + method
              + " "
              + url
              + " answered something that is not JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): check that the base URL "
              + "points at the OSV API, or check offline with vulnerabilityDb",
          e);
    }
  }

  @Override
  public String toString() {
    return "OsvApiClient["
        + base
        + ", timeout "
        + timeout.toString().toLowerCase(Locale.ROOT)
        + "]";
  }
}
