package dev.paas.core.registry;

import static dev.paas.core.registry.RegistryException.Reason.DAMAGED;
import static dev.paas.core.registry.RegistryException.Reason.FAILED;
import static dev.paas.core.registry.RegistryException.Reason.INSECURE;
import static dev.paas.core.registry.RegistryException.Reason.NOT_FOUND;
import static dev.paas.core.registry.RegistryException.Reason.UNAUTHORIZED;
import static dev.paas.core.registry.RegistryException.Reason.UNREACHABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.Setting;
import dev.paas.core.image.OciImage;
import dev.paas.core.io.HttpTransport;
import dev.paas.core.io.HttpTransport.Request;
import dev.paas.core.io.HttpTransport.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A client of the OCI distribution API for one registry host: manifests and blobs by digest,
 * cross-repository mounts, monolithic uploads, with basic and bearer-token authentication.
 *
 * <p>Plain HTTP is used only when the caller allows insecure registries and HTTPS fails.
 */
public final class RegistryClient {
  static final String ACCEPT_MANIFESTS =
      String.join(
          ",",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  /** Jib's system property that allows credentials over plain HTTP; honoured the same way. */
  public static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** The largest manifest read when the caller names no limit: an index of many platforms. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /** The slowest average a download may have (bytes a second), beyond MIN_DOWNLOAD_TIME. */
  static final long MIN_BYTES_PER_SECOND = 256 * 1024;

  private static final Duration MIN_DOWNLOAD_TIME = Duration.ofMinutes(10);

  /** A manifest as the registry served it: exact bytes, media type and their digest. */
  public record Manifest(byte[] bytes, String mediaType, String digest) {
    public JsonNode json() throws IOException {
      return JSON.readTree(bytes);
    }
  }

  private final String registry;
  private final Optional<Credential> credential;
  private final boolean allowInsecure;
  // Threads of one build may share a client (the check looks layers up in parallel): the scheme
  // is probed once, tokens are kept per scope.
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private volatile HttpTransport http = new HttpTransport(false);
  private volatile String scheme;

  public RegistryClient(String registry, Optional<Credential> credential, boolean allowInsecure) {
    this.registry = registry;
    this.credential = credential;
    this.allowInsecure = allowInsecure;
  }

  public String registry() {
    return registry;
  }

  /** Fetches a manifest by tag or digest, or empty when the registry has none (404). */
  public Optional<Manifest> manifest(String repository, String reference) throws RegistryException {
    return manifest(repository, reference, MAX_MANIFEST_BYTES);
  }

  /**
   * Fetches a manifest of at most {@code maxBytes}, or empty when the registry has none (404).
   *
   * @throws RegistryException DAMAGED when the registry sends more
   */
  public Optional<Manifest> manifest(String repository, String reference, int maxBytes)
      throws RegistryException {
    String what = "manifest " + repository + ":" + reference;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Response response =
        send(
            repository,
            "pull",
            () ->
                request(
                    "GET",
                    repository,
                    "/manifests/" + reference,
                    Map.of("Accept", ACCEPT_MANIFESTS),
                    Optional.empty()),
            (in, length) -> copyChecked(in, length, Optional.empty(), -1, maxBytes, body, what));
    if (response.status() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "fetching " + what);
    byte[] bytes = body.toByteArray();
    String mediaType = response.header("Content-Type").orElse("");
    return Optional.of(new Manifest(bytes, mediaType, OciImage.sha256(bytes)));
  }

  /**
   * Downloads a blob of {@code size} bytes (as its descriptor says) to {@code target}, checking its
   * digest as it streams: a registry that sends more, less, other bytes, or trickles them slower
   * than {@value #MIN_BYTES_PER_SECOND} bytes a second (after a grace of ten minutes) fails it with
   * DAMAGED. Nothing is left at {@code target} when the download fails.
   */
  public void downloadBlob(String repository, String digest, long size, Path target)
      throws RegistryException {
    String what = "blob " + digest + " of " + registry + "/" + repository;
    Path part = null;
    try {
      Files.createDirectories(target.getParent());
      // A file of its own per download: builds on one machine that fetch the same blob at once
      // each write their own, and each moves a whole, checked blob into place.
      part = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
      Response response;
      try (OutputStream out = Files.newOutputStream(part)) {
        response =
            send(
                repository,
                "pull",
                () -> request("GET", repository, "/blobs/" + digest, Map.of(), Optional.empty()),
                (in, length) ->
                    copyChecked(in, length, Optional.of(digest), size, size, out, what));
      }
      if (response.status() == 404) {
        throw new RegistryException(
            NOT_FOUND,
            registry
                + "/"
                + repository
                + " has no blob "
                + digest
                + " although its manifest names it: the image is incomplete in the registry");
      }
      expect(response, 200, "downloading " + digest + " from " + repository);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new RegistryException(
          UNREACHABLE,
          "Cannot store blob "
              + digest
              + " from "
              + registry
              + " at "
              + target
              + ": "
              + e.getMessage(),
          e);
    } finally {
      try {
        if (part != null) {
          Files.deleteIfExists(part);
        }
      } catch (IOException ignored) {
        // Only a leftover partial file; the next download replaces it.
      }
    }
  }

  /**
   * Reads a small blob into memory, checking its digest: for JSON documents such as signature
   * payloads, which are never streamed to disk.
   *
   * @throws RegistryException NOT_FOUND when the repository has no such blob, DAMAGED when it is
   *     larger than {@code maxBytes} or its content does not have the digest
   */
  public byte[] blob(String repository, String digest, int maxBytes) throws RegistryException {
    String what = "blob " + digest + " of " + registry + "/" + repository;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Response response =
        send(
            repository,
            "pull",
            () -> request("GET", repository, "/blobs/" + digest, Map.of(), Optional.empty()),
            (in, length) -> copyChecked(in, length, Optional.of(digest), -1, maxBytes, body, what));
    if (response.status() == 404) {
      throw new RegistryException(
          NOT_FOUND, registry + "/" + repository + " has no blob " + digest);
    }
    expect(response, 200, "fetching blob " + digest + " from " + repository);
    return body.toByteArray();
  }

  // Copies a body the registry sends, never more than limit bytes nor slower than the floor,
  // and fails with DamagedBody when it is not the size or digest expected (size -1: any size).
  private static void copyChecked(
      InputStream in,
      long declared,
      Optional<String> digest,
      long size,
      long limit,
      OutputStream out,
      String what)
      throws IOException {
    if (declared > limit || (size >= 0 && declared >= 0 && declared != size)) {
      throw new DamagedBody(
          "the registry announced "
              + declared
              + " bytes for "
              + what
              + ", "
              + (size >= 0 ? "not the " + size : "more than the " + limit)
              + " expected");
    }
    MessageDigest sha256 = OciImage.newSha256();
    long deadline =
        System.nanoTime()
            + MIN_DOWNLOAD_TIME.toNanos()
            + limit / MIN_BYTES_PER_SECOND * 1_000_000_000L;
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
      if (total > limit) {
        throw new DamagedBody(
            "the registry sent more than the " + limit + " bytes expected of " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new DamagedBody(
            "the registry sent "
                + what
                + " too slowly ("
                + total
                + " bytes in "
                + (MIN_DOWNLOAD_TIME.toSeconds() + limit / MIN_BYTES_PER_SECOND)
                + " s)");
      }
      sha256.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    if (size >= 0 && total != size) {
      throw new DamagedBody(
          "the registry sent "
              + total
              + " bytes of "
              + what
              + ", not the "
              + size
              + " its manifest says");
    }
    String actual = OciImage.formatted(sha256);
    if (digest.isPresent() && !actual.equals(digest.get())) {
      throw new DamagedBody(
          "the registry sent "
              + actual
              + " for "
              + what
              + ": its copy or the "
              + "download is damaged");
    }
  }

  /** A body that is not what was asked for: too large, too slow, or of another digest. */
  private static final class DamagedBody extends IOException {
    DamagedBody(String message) {
      super(message);
    }
  }

  /** Whether the repository already holds the blob. */
  public boolean hasBlob(String repository, String digest) throws RegistryException {
    Response response =
        send(
            repository,
            "pull",
            () -> request("HEAD", repository, "/blobs/" + digest, Map.of(), Optional.empty()));
    return response.status() == 200;
  }

  /**
   * Asks the registry to mount a blob from another repository of the same registry.
   *
   * @return true when mounted; false when the caller must upload it
   */
  public boolean mountBlob(String repository, String digest, String fromRepository)
      throws RegistryException {
    String query = "?mount=" + enc(digest) + "&from=" + enc(fromRepository);
    Response response =
        send(
            repository,
            "pull,push",
            () ->
                request(
                    "POST",
                    repository,
                    "/blobs/uploads/" + query,
                    Map.of(),
                    Optional.of(HttpTransport.Body.of(new byte[0]))));
    return response.status() == 201;
  }

  /** Uploads a blob in one request, after which the registry must hold it under its digest. */
  public void uploadBlob(String repository, String digest, long size, Supplier<InputStream> content)
      throws RegistryException {
    Response start =
        send(
            repository,
            "pull,push",
            () ->
                request(
                    "POST",
                    repository,
                    "/blobs/uploads/",
                    Map.of(),
                    Optional.of(HttpTransport.Body.of(new byte[0]))));
    expect(start, 202, "starting the upload of " + digest + " to " + repository);
    String location =
        start
            .header("Location")
            .orElseThrow(
                () ->
                    new RegistryException(
                        FAILED, registry + " started an upload without a Location header"));
    URI target = URI.create(scheme + "://" + registry + "/").resolve(location);
    String sep = target.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(target + sep + "digest=" + enc(digest));
    Response done =
        send(
            repository,
            "pull,push",
            () ->
                new Request(
                    "PUT",
                    put,
                    Map.of("Content-Type", "application/octet-stream"),
                    Optional.of(new HttpTransport.Body(size, content)),
                    Duration.ofMinutes(30)));
    expect(done, 201, "uploading " + digest + " to " + repository);
  }

  /** Stores a manifest under a tag, byte for byte, and returns the digest the registry reports. */
  public String putManifest(String repository, String tag, byte[] manifest, String mediaType)
      throws RegistryException {
    Response response =
        send(
            repository,
            "pull,push",
            () ->
                request(
                    "PUT",
                    repository,
                    "/manifests/" + tag,
                    Map.of("Content-Type", mediaType),
                    Optional.of(HttpTransport.Body.of(manifest))));
    expect(response, 201, "storing manifest " + repository + ":" + tag);
    return response.header("Docker-Content-Digest").orElse(OciImage.sha256(manifest));
  }

  /** The repository's tags (the registry's first page, which holds them all for a base image). */
  public List<String> tags(String repository) throws RegistryException {
    Response response =
        send(
            repository,
            "pull",
            () ->
                request(
                    "GET",
                    repository,
                    "/tags/list?n=1000",
                    Map.of("Accept", "application/json"),
                    Optional.empty()));
    if (response.status() == 404) {
      return List.of();
    }
    expect(response, 200, "listing the tags of " + repository);
    try {
      List<String> tags = new ArrayList<>();
      JSON.readTree(response.body()).path("tags").forEach(t -> tags.add(t.asText()));
      return tags;
    } catch (IOException e) {
      throw new RegistryException(
          FAILED,
          registry
              + "/"
              + repository
              + " answered the tag list "
              + "with malformed JSON: "
              + e.getMessage(),
          e);
    }
  }

  private Request request(
      String method,
      String repository,
      String path,
      Map<String, String> headers,
      Optional<HttpTransport.Body> body) {
    return new Request(
        method,
        URI.create(scheme + "://" + registry + "/v2/" + repository + path),
        headers,
        body,
        Duration.ofMinutes(10));
  }

  private Response send(String repository, String actions, Supplier<Request> request)
      throws RegistryException {
    return send(repository, actions, request, null);
  }

  private Response send(
      String repository, String actions, Supplier<Request> request, HttpTransport.BodyReader sink)
      throws RegistryException {
    if (scheme == null) {
      synchronized (this) {
        if (scheme == null) {
          scheme = probeScheme();
        }
      }
    }
    String scope = "repository:" + repository + ":" + actions;
    Response response = sendOnce(authorized(request.get(), scope), sink);
    if (response.status() == 401) {
      authenticate(response.header("WWW-Authenticate").orElse(""), scope);
      response = sendOnce(authorized(request.get(), scope), sink);
      if (response.status() == 401) {
        throw unauthorized(repository);
      }
    }
    if (response.status() == 403) {
      throw new RegistryException(
          UNAUTHORIZED,
          registry
              + " denied access to "
              + repository
              + " (403): the credential has no "
              + actions
              + " right on it");
    }
    return response;
  }

  private Response sendOnce(Request request, HttpTransport.BodyReader sink)
      throws RegistryException {
    try {
      return http.send(request, sink);
    } catch (DamagedBody e) {
      throw new RegistryException(
          DAMAGED,
          e.getMessage() + "; retry, and if it persists, the " + "registry's copy is damaged",
          e);
    } catch (SocketTimeoutException e) {
      throw new RegistryException(
          UNREACHABLE,
          registry
              + " did not answer "
              + request.method()
              + " "
              + request.uri().getPath()
              + " in time; check the registry and the network, then retry",
          e);
    } catch (IOException | UncheckedIOException e) {
      throw new RegistryException(
          UNREACHABLE,
          "Lost the connection to registry "
              + registry
              + " during "
              + request.method()
              + " "
              + request.uri().getPath()
              + " ("
              + describe(e)
              + "); check that it is up, then retry: blobs already sent are not sent again",
          e);
    }
  }

  private String probeScheme() throws RegistryException {
    try {
      ping(http, "https");
      return "https";
    } catch (SSLException e) {
      boolean untrusted =
          e instanceof SSLHandshakeException
              && !String.valueOf(e.getMessage()).contains("Unrecognized SSL message")
              && !String.valueOf(e.getMessage()).contains("plaintext");
      if (!allowInsecure) {
        throw new RegistryException(
            INSECURE,
            "Registry "
                + registry
                + (untrusted
                    ? " presents a certificate this JVM does not trust ("
                    : " does not speak HTTPS (")
                + e.getMessage()
                + "). If it is a trusted test registry, set "
                + Setting.ALLOW_INSECURE_REGISTRIES.setTo("true")
                + (untrusted ? "; otherwise add its CA to the JVM's trust store." : "."),
            e);
      }
      // Like Jib: an insecure registry may present a certificate no one vouches for.
      HttpTransport trusting = new HttpTransport(true);
      try {
        ping(trusting, "https");
        http = trusting;
        return "https";
      } catch (IOException plain) {
        return "http";
      }
    } catch (ConnectException e) {
      throw new RegistryException(
          UNREACHABLE,
          "Cannot connect to registry "
              + registry
              + " ("
              + describe(e)
              + "); check that it is running and reachable, or build with a local "
              + "image (oci-archive:, docker-archive:)",
          e);
    } catch (IOException e) {
      throw new RegistryException(
          UNREACHABLE, "Cannot reach registry " + registry + " (" + describe(e) + ")", e);
    }
  }

  private void ping(HttpTransport transport, String scheme) throws IOException {
    transport.send(
        new Request(
            "GET",
            URI.create(scheme + "://" + registry + "/v2/"),
            Map.of(),
            Optional.empty(),
            Duration.ofSeconds(20)));
  }

  private Request authorized(Request request, String scope) {
    String token = tokens.get(scope);
    if (token == null) {
      return request;
    }
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    headers.put("Authorization", token);
    return new Request(request.method(), request.uri(), headers, request.body(), request.timeout());
  }

  private void authenticate(String challenge, String scope) throws RegistryException {
    if (credential.isPresent()
        && "http".equals(scheme)
        && !Boolean.getBoolean(SEND_CREDENTIALS_OVER_HTTP)) {
      throw new RegistryException(
          UNAUTHORIZED,
          "Registry "
              + registry
              + " asks for credentials, "
              + "which are not sent over plain HTTP. Serve it over HTTPS, or, for a trusted test "
              + "registry, pass -D"
              + SEND_CREDENTIALS_OVER_HTTP
              + "=true (as with Jib).");
    }
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      Credential c = credential.orElseThrow(() -> unauthorized(scope));
      tokens.put(scope, "Basic " + basic(c));
      return;
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw new RegistryException(
          UNAUTHORIZED,
          registry
              + " asks for an authentication scheme "
              + "this plugin does not know: '"
              + challenge
              + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      throw new RegistryException(
          UNAUTHORIZED, registry + " sent a bearer challenge without realm");
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
    if (params.containsKey("service")) {
      url.append("service=").append(enc(params.get("service"))).append('&');
    }
    url.append("scope=").append(enc(scope));
    Map<String, String> headers =
        credential.isPresent()
            ? Map.of("Authorization", "Basic " + basic(credential.get()))
            : Map.of();
    Response response =
        sendOnce(
            new Request(
                "GET",
                URI.create(url.toString()),
                headers,
                Optional.empty(),
                Duration.ofSeconds(30)),
            null);
    if (response.status() != 200) {
      throw unauthorized(scope);
    }
    try {
      JsonNode json = JSON.readTree(response.body());
      String token =
          json.hasNonNull("token")
              ? json.get("token").asText()
              : json.path("access_token").asText();
      tokens.put(scope, "Bearer " + token);
    } catch (IOException e) {
      throw new RegistryException(
          UNAUTHORIZED, "Token service " + realm + " sent no valid token", e);
    }
  }

  private RegistryException unauthorized(String what) {
    return new RegistryException(
        UNAUTHORIZED,
        "Registry "
            + registry
            + " refused "
            + (credential.isPresent()
                ? "the credential of user '" + credential.get().username() + "'"
                : "anonymous access")
            + " for "
            + what
            + " (401). Add a <server> with <id>"
            + registry
            + "</id> to "
            + "~/.m2/settings.xml, or run 'docker login "
            + registry
            + "'.");
  }

  private void expect(Response response, int status, String action) throws RegistryException {
    if (response.status() == status) {
      return;
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    if (body.length() > 300) {
      body = body.substring(0, 300) + "...";
    }
    throw new RegistryException(
        response.status() == 404 ? NOT_FOUND : FAILED,
        "Registry "
            + registry
            + " answered "
            + response.status()
            + " while "
            + action
            + (body.isBlank() ? "" : ": " + body.strip()));
  }

  private static String basic(Credential c) {
    return Base64.getEncoder()
        .encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
