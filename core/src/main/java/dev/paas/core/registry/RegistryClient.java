package dev.paas.core.registry;

import static dev.paas.core.registry.RegistryException.Reason.FAILED;
import static dev.paas.core.registry.RegistryException.Reason.INSECURE;
import static dev.paas.core.registry.RegistryException.Reason.NOT_FOUND;
import static dev.paas.core.registry.RegistryException.Reason.UNAUTHORIZED;
import static dev.paas.core.registry.RegistryException.Reason.UNREACHABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.image.OciImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A client of the OCI distribution API for one registry host: manifests and blobs by digest,
 * cross-repository mounts, monolithic uploads, with basic and bearer-token authentication.
 *
 * <p>Plain HTTP is used only when the caller allows insecure registries and HTTPS fails.
 */
public final class RegistryClient {
  static final String ACCEPT_MANIFESTS = String.join(",",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json");
  /** Jib's system property that allows credentials over plain HTTP; honoured the same way. */
  public static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** A manifest as the registry served it: exact bytes, media type and their digest. */
  public record Manifest(byte[] bytes, String mediaType, String digest) {
    public JsonNode json() throws IOException {
      return JSON.readTree(bytes);
    }
  }

  private final String registry;
  private final Optional<Credential> credential;
  private final boolean allowInsecure;
  private HttpClient http;
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private String scheme;

  public RegistryClient(String registry, Optional<Credential> credential, boolean allowInsecure) {
    this.registry = registry;
    this.credential = credential;
    this.allowInsecure = allowInsecure;
    this.http = httpClient(null);
  }

  private static HttpClient httpClient(javax.net.ssl.SSLContext ssl) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(20))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .version(HttpClient.Version.HTTP_1_1);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    return builder.build();
  }

  // Like Jib: an insecure registry may present a certificate no one vouches for.
  private static javax.net.ssl.SSLContext trustingEveryCertificate() {
    javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {}

      @Override
      public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {}

      @Override
      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    };
    try {
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trustAll}, new java.security.SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("every JRE has TLS", e);
    }
  }

  public String registry() {
    return registry;
  }

  /** Fetches a manifest by tag or digest, or empty when the registry has none (404). */
  public Optional<Manifest> manifest(String repository, String reference) throws RegistryException {
    HttpResponse<byte[]> response = send(repository, "pull",
        () -> request(repository, "/manifests/" + reference).header("Accept", ACCEPT_MANIFESTS).GET(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "fetching manifest " + repository + ":" + reference);
    byte[] body = response.body();
    String mediaType = response.headers().firstValue("Content-Type").orElse("");
    return Optional.of(new Manifest(body, mediaType, OciImage.sha256(body)));
  }

  /** Whether the repository already holds the blob. */
  public boolean hasBlob(String repository, String digest) throws RegistryException {
    HttpResponse<Void> response = send(repository, "pull",
        () -> request(repository, "/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200;
  }

  /**
   * Asks the registry to mount a blob from another repository of the same registry.
   *
   * @return true when mounted; false when the caller must upload it
   */
  public boolean mountBlob(String repository, String digest, String fromRepository)
      throws RegistryException {
    String query = "?mount=" + enc(digest) + "&from=" + enc(fromRepository);
    HttpResponse<Void> response = send(repository, "pull,push",
        () -> request(repository, "/blobs/uploads/" + query).POST(HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 201;
  }

  /** Uploads a blob in one request, after which the registry must hold it under its digest. */
  public void uploadBlob(String repository, String digest, long size, Supplier<InputStream> content)
      throws RegistryException {
    HttpResponse<Void> start = send(repository, "pull,push",
        () -> request(repository, "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.discarding());
    expect(start, 202, "starting the upload of " + digest + " to " + repository);
    String location = start.headers().firstValue("Location").orElseThrow(() ->
        new RegistryException(FAILED, registry + " started an upload without a Location header"));
    URI base = URI.create(scheme + "://" + registry + "/");
    URI target = base.resolve(location);
    String sep = target.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(target + sep + "digest=" + enc(digest));
    HttpResponse<Void> done = send(repository, "pull,push",
        () -> HttpRequest.newBuilder(put)
            .timeout(Duration.ofMinutes(30))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(content), size)),
        HttpResponse.BodyHandlers.discarding());
    expect(done, 201, "uploading " + digest + " to " + repository);
  }

  /** Stores a manifest under a tag, byte for byte, and returns the digest the registry reports. */
  public String putManifest(String repository, String tag, byte[] manifest, String mediaType)
      throws RegistryException {
    HttpResponse<Void> response = send(repository, "pull,push",
        () -> request(repository, "/manifests/" + tag)
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
        HttpResponse.BodyHandlers.discarding());
    expect(response, 201, "storing manifest " + repository + ":" + tag);
    return response.headers().firstValue("Docker-Content-Digest").orElse(OciImage.sha256(manifest));
  }

  private HttpRequest.Builder request(String repository, String path) {
    return HttpRequest.newBuilder(URI.create(scheme + "://" + registry + "/v2/" + repository + path))
        .timeout(Duration.ofMinutes(10));
  }

  private <T> HttpResponse<T> send(String repository, String actions,
      Supplier<HttpRequest.Builder> builder, HttpResponse.BodyHandler<T> handler)
      throws RegistryException {
    if (scheme == null) {
      scheme = probeScheme();
    }
    String scope = "repository:" + repository + ":" + actions;
    HttpResponse<T> response = sendOnce(authorized(builder.get(), scope), handler);
    if (response.statusCode() == 401) {
      String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
      authenticate(challenge, scope);
      response = sendOnce(authorized(builder.get(), scope), handler);
      if (response.statusCode() == 401) {
        throw unauthorized(repository);
      }
    }
    if (response.statusCode() == 403) {
      throw new RegistryException(UNAUTHORIZED, registry + " denied access to " + repository
          + " (403): the credential has no " + actions + " right on it");
    }
    return response;
  }

  private <T> HttpResponse<T> sendOnce(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws RegistryException {
    try {
      return http.send(request, handler);
    } catch (HttpTimeoutException e) {
      throw new RegistryException(UNREACHABLE, registry + " did not answer " + request.method() + " "
          + request.uri().getPath() + " in time; check the registry and the network, then retry", e);
    } catch (IOException e) {
      throw new RegistryException(UNREACHABLE, "Lost the connection to registry " + registry
          + " during " + request.method() + " " + request.uri().getPath() + " (" + describe(e)
          + "); check that it is up, then retry: blobs already sent are not sent again", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(FAILED, "Interrupted while talking to " + registry, e);
    }
  }

  private String probeScheme() throws RegistryException {
    try {
      ping(http, "https");
      return "https";
    } catch (SSLException e) {
      boolean untrusted = e instanceof javax.net.ssl.SSLHandshakeException
          && !String.valueOf(e.getMessage()).contains("Unrecognized SSL message")
          && !String.valueOf(e.getMessage()).contains("plaintext");
      if (!allowInsecure) {
        throw new RegistryException(INSECURE, "Registry " + registry
            + (untrusted ? " presents a certificate this JVM does not trust (" : " does not speak HTTPS (")
            + e.getMessage() + "). If it is a trusted test registry, set "
            + "<allowInsecureRegistries>true</allowInsecureRegistries> in <paas>"
            + (untrusted ? "; otherwise add its CA to the JVM's trust store." : "."), e);
      }
      HttpClient trusting = httpClient(trustingEveryCertificate());
      try {
        ping(trusting, "https");
        http = trusting;
        return "https";
      } catch (SSLException plain) {
        return "http";
      } catch (IOException other) {
        return "http";
      }
    } catch (ConnectException e) {
      throw new RegistryException(UNREACHABLE, "Cannot connect to registry " + registry + " ("
          + describe(e) + "); check that it is running and reachable, or build with a local "
          + "image (oci-archive:, docker-archive:)", e);
    } catch (IOException e) {
      throw new RegistryException(UNREACHABLE, "Cannot reach registry " + registry + " ("
          + describe(e) + ")", e);
    }
  }

  private void ping(HttpClient client, String scheme) throws IOException, RegistryException {
    try {
      client.send(HttpRequest.newBuilder(URI.create(scheme + "://" + registry + "/v2/"))
          .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(FAILED, "Interrupted while talking to " + registry, e);
    }
  }

  private HttpRequest authorized(HttpRequest.Builder builder, String scope) {
    String token = tokens.get(scope);
    if (token != null) {
      builder.header("Authorization", token);
    }
    return builder.build();
  }

  private void authenticate(String challenge, String scope) throws RegistryException {
    if (credential.isPresent() && "http".equals(scheme)
        && !Boolean.getBoolean(SEND_CREDENTIALS_OVER_HTTP)) {
      throw new RegistryException(UNAUTHORIZED, "Registry " + registry + " asks for credentials, "
          + "which are not sent over plain HTTP. Serve it over HTTPS, or, for a trusted test "
          + "registry, pass -D" + SEND_CREDENTIALS_OVER_HTTP + "=true (as with Jib).");
    }
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      Credential c = credential.orElseThrow(() -> unauthorized(scope));
      tokens.put(scope, "Basic " + basic(c));
      return;
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw new RegistryException(UNAUTHORIZED, registry + " asks for an authentication scheme "
          + "this plugin does not know: '" + challenge + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      throw new RegistryException(UNAUTHORIZED, registry + " sent a bearer challenge without realm");
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
    if (params.containsKey("service")) {
      url.append("service=").append(enc(params.get("service"))).append('&');
    }
    url.append("scope=").append(enc(scope));
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url.toString()))
        .timeout(Duration.ofSeconds(30)).GET();
    credential.ifPresent(c -> req.header("Authorization", "Basic " + basic(c)));
    HttpResponse<byte[]> response = sendOnce(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw unauthorized(scope);
    }
    try {
      JsonNode json = JSON.readTree(response.body());
      String token = json.hasNonNull("token") ? json.get("token").asText()
          : json.path("access_token").asText();
      tokens.put(scope, "Bearer " + token);
    } catch (IOException e) {
      throw new RegistryException(UNAUTHORIZED, "Token service " + realm + " sent no valid token", e);
    }
  }

  private RegistryException unauthorized(String what) {
    return new RegistryException(UNAUTHORIZED, "Registry " + registry + " refused "
        + (credential.isPresent() ? "the credential of user '" + credential.get().username() + "'"
            : "anonymous access")
        + " for " + what + " (401). Add a <server> with <id>" + registry + "</id> to "
        + "~/.m2/settings.xml, or run 'docker login " + registry + "'.");
  }

  private void expect(HttpResponse<?> response, int status, String action) throws RegistryException {
    if (response.statusCode() == status || (status == 200 && response.statusCode() == 200)) {
      return;
    }
    String body = response.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
    if (body.length() > 300) {
      body = body.substring(0, 300) + "...";
    }
    throw new RegistryException(response.statusCode() == 404 ? NOT_FOUND : FAILED,
        "Registry " + registry + " answered " + response.statusCode() + " while " + action
            + (body.isBlank() ? "" : ": " + body.strip()));
  }

  private static String basic(Credential c) {
    return Base64.getEncoder().encodeToString(
        (c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
