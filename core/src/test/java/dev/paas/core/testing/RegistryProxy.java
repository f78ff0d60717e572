package dev.paas.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP reverse proxy in front of a real registry, to put in what a registry does not do on
 * its own: authentication (Basic, or Bearer tokens from a token endpoint it serves itself) and
 * faults (a 500 or a dropped connection on the Nth blob upload).
 *
 * <p>Like a real plain-HTTP server (and like the registry behind it), it answers a TLS handshake
 * with a plaintext 400, so that clients probing HTTPS first get an SSL error at once. The JDK HTTP
 * server alone would wait for the end of a request line that never comes.
 */
public final class RegistryProxy implements AutoCloseable {
  /** What the proxy does to the blob upload it is told to break. */
  public enum Fault {
    /** Answers 500 without forwarding. */
    STATUS_500,
    /** Reads the request, then closes the connection without an answer. */
    DROP_CONNECTION,
    /** Blob downloads only: answers with the full length, sends half the body, then closes. */
    TRUNCATE_BODY,
    /** Downloads: the body, then zeros without end, chunked (no length announced). */
    ENDLESS_BODY,
    /** Downloads: the body twice, with the doubled length announced. */
    OVERSIZED_BODY,
    /** Downloads: the body twice, chunked (no length announced). */
    OVERSIZED_CHUNKED_BODY,
    /** Downloads: the body with its last byte changed: same length, another digest. */
    WRONG_DIGEST
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "date",
          "proxy-connection",
          "proxy-authorization");

  private final String upstream;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "registry-proxy");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger blobUploads = new AtomicInteger();
  private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
  private final List<String> tokenScopes = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;
  private final ServerSocket front;

  private volatile String user;
  private volatile String password;
  private volatile boolean bearer;
  private volatile int faultAt;
  private volatile Fault fault;
  private volatile Fault downloadFault;
  private volatile String downloadFaultDigest;
  private volatile Fault manifestFault;

  private RegistryProxy(String upstream) throws IOException {
    this.upstream = upstream;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
    front = new ServerSocket(0, 50, loopback);
    Thread acceptor = new Thread(this::acceptLoop, "registry-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to {@code upstreamHost} ({@code 127.0.0.1:PORT}), forwarding everything as it is. */
  public static RegistryProxy to(String upstreamHost) {
    try {
      return new RegistryProxy(upstreamHost);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Demands {@code Authorization: Basic} with this user and password on every request. */
  public RegistryProxy requireBasicAuth(String user, String password) {
    this.user = user;
    this.password = password;
    this.bearer = false;
    return this;
  }

  /**
   * Demands a bearer token on every request, issued by {@code /token} on this proxy to this user
   * and password, as Docker Hub and most hosted registries do.
   */
  public RegistryProxy requireBearerToken(String user, String password) {
    this.user = user;
    this.password = password;
    this.bearer = true;
    return this;
  }

  /** Breaks the {@code nth} blob upload (the PUT that completes it) from now on, once. */
  public RegistryProxy failBlobUpload(int nth, Fault fault) {
    this.fault = fault;
    this.faultAt = blobUploads.get() + nth;
    return this;
  }

  /** Breaks every blob download (GET of a layer or config) until {@link #healDownloads()}. */
  public RegistryProxy failBlobDownloads(Fault fault) {
    this.downloadFault = fault;
    return this;
  }

  /** Breaks the downloads of blob {@code digest} only, until {@link #healDownloads()}. */
  public RegistryProxy failBlobDownloads(String digest, Fault fault) {
    this.downloadFaultDigest = digest;
    this.downloadFault = fault;
    return this;
  }

  /**
   * Breaks every manifest GET with a body fault (ENDLESS_BODY, ...) until {@link #healDownloads()}.
   */
  public RegistryProxy failManifestDownloads(Fault fault) {
    this.manifestFault = fault;
    return this;
  }

  /** Lets blob and manifest downloads through again. */
  public RegistryProxy healDownloads() {
    this.downloadFault = null;
    this.downloadFaultDigest = null;
    this.manifestFault = null;
    return this;
  }

  /** {@code 127.0.0.1:PORT} of the proxy. */
  public String host() {
    return "127.0.0.1:" + front.getLocalPort();
  }

  /** Every request the proxy received, as {@code METHOD path}, in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The scopes tokens were asked for, in order (bearer mode). */
  public List<String> tokenScopes() {
    synchronized (tokenScopes) {
      return List.copyOf(tokenScopes);
    }
  }

  @Override
  public void close() {
    try {
      front.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(RegistryProxy::closeQuietly);
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- the HTTP side ---

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      requests.add(method + " " + uri.getPath());
      if (bearer && uri.getPath().equals("/token")) {
        issueToken(exchange, uri);
        return;
      }
      if (user != null && !authorized(exchange)) {
        challenge(exchange);
        return;
      }
      Fault download = downloadFault;
      String only = downloadFaultDigest;
      if (manifestFault != null && method.equals("GET") && uri.getPath().contains("/manifests/")) {
        forward(exchange, method, uri, body, manifestFault);
        return;
      }
      if (download != null
          && method.equals("GET")
          && uri.getPath().contains("/blobs/sha256:")
          && (only == null || uri.getPath().endsWith("/" + only))) {
        if (download != Fault.STATUS_500 && download != Fault.DROP_CONNECTION) {
          forward(exchange, method, uri, body, download);
          return;
        }
        if (download == Fault.STATUS_500) {
          sendJson(
              exchange,
              500,
              "{\"errors\":[{\"code\":\"UNKNOWN\"," + "\"message\":\"injected failure\"}]}");
        }
        return;
      }
      if (method.equals("PUT") && uri.getPath().contains("/blobs/uploads/")) {
        int n = blobUploads.incrementAndGet();
        if (n == faultAt) {
          faultAt = 0;
          if (fault == Fault.STATUS_500) {
            sendJson(
                exchange,
                500,
                "{\"errors\":[{\"code\":\"UNKNOWN\"," + "\"message\":\"injected failure\"}]}");
          }
          // DROP_CONNECTION: closing the exchange before any answer closes the connection.
          return;
        }
      }
      forward(exchange, method, uri, body, null);
    }
  }

  // fault: what to do to the body of the answer, or null to pass it on as it is.
  private void forward(HttpExchange exchange, String method, URI uri, byte[] body, Fault fault)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + upstream + uri))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (HOP_BY_HOP.contains(lower) || (user != null && lower.equals("authorization"))) {
                return;
              }
              for (String value : values) {
                try {
                  request.header(name, value);
                } catch (IllegalArgumentException restricted) {
                  // a header the JDK client sets itself
                }
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (HOP_BY_HOP.contains(lower) || lower.startsWith(":")) {
                return;
              }
              for (String value : values) {
                if (lower.equals("location")) {
                  value = value.replace("http://" + upstream, "http://" + host());
                }
                exchange.getResponseHeaders().add(name, value);
              }
            });
    byte[] bytes = response.body();
    if (method.equals("HEAD")) {
      response
          .headers()
          .firstValue("Content-Length")
          .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
      exchange.sendResponseHeaders(response.statusCode(), -1);
    } else if (bytes.length == 0) {
      exchange.sendResponseHeaders(response.statusCode(), -1);
    } else if (fault == Fault.TRUNCATE_BODY) {
      exchange.sendResponseHeaders(response.statusCode(), bytes.length);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      // Half sent: the connection goes down before the rest.
      throw new IOException("truncated on purpose");
    } else if (fault == Fault.ENDLESS_BODY) {
      exchange.sendResponseHeaders(response.statusCode(), 0);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes);
      byte[] zeros = new byte[64 * 1024];
      // Until the client hangs up, which ends this with an IOException.
      while (!Thread.currentThread().isInterrupted()) {
        out.write(zeros);
      }
    } else if (fault == Fault.OVERSIZED_BODY || fault == Fault.OVERSIZED_CHUNKED_BODY) {
      exchange.sendResponseHeaders(
          response.statusCode(), fault == Fault.OVERSIZED_BODY ? 2L * bytes.length : 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
        out.write(bytes);
      }
    } else if (fault == Fault.WRONG_DIGEST) {
      byte[] changed = bytes.clone();
      changed[changed.length - 1] ^= 1;
      exchange.sendResponseHeaders(response.statusCode(), changed.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(changed);
      }
    } else {
      exchange.sendResponseHeaders(response.statusCode(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      return false;
    }
    if (bearer) {
      return header.startsWith("Bearer ") && issuedTokens.contains(header.substring(7));
    }
    return header.equals("Basic " + basic(user, password));
  }

  private void challenge(HttpExchange exchange) throws IOException {
    String challenge =
        bearer
            ? "Bearer realm=\"http://" + host() + "/token\",service=\"paas-test\""
            : "Basic realm=\"test\"";
    exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
    exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
    sendJson(
        exchange,
        401,
        "{\"errors\":[{\"code\":\"UNAUTHORIZED\"," + "\"message\":\"authentication required\"}]}");
  }

  private void issueToken(HttpExchange exchange, URI uri) throws IOException {
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    for (String part : query.split("&")) {
      if (part.startsWith("scope=")) {
        tokenScopes.add(URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8));
      }
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (!("Basic " + basic(user, password)).equals(header)) {
      sendJson(exchange, 401, "{\"details\":\"incorrect username or password\"}");
      return;
    }
    String token = UUID.randomUUID().toString();
    issuedTokens.add(token);
    sendJson(exchange, 200, "{\"token\":\"" + token + "\",\"expires_in\":300}");
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String basic(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  // --- the socket side: answer TLS with plaintext, relay HTTP to the JDK server ---

  private void acceptLoop() {
    while (!front.isClosed()) {
      try {
        Socket socket = front.accept();
        sockets.add(socket);
        threads.execute(() -> relay(socket));
      } catch (IOException e) {
        return;
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    Socket backend = null;
    try {
      client.setSoTimeout(10_000);
      int first;
      try {
        first = client.getInputStream().read();
      } catch (SocketTimeoutException e) {
        first = -1;
      }
      if (first < 0) {
        return;
      }
      client.setSoTimeout(0);
      if (first == 0x16) {
        // A TLS ClientHello on a plain-HTTP port: answer as Go's and nginx's servers do.
        client
            .getOutputStream()
            .write(
                ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        return;
      }
      backend = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
      sockets.add(backend);
      backend.getOutputStream().write(first);
      Socket b = backend;
      threads.execute(
          () -> {
            try {
              client.getInputStream().transferTo(b.getOutputStream());
              b.shutdownOutput();
            } catch (IOException e) {
              closeQuietly(b);
            }
          });
      backend.getInputStream().transferTo(client.getOutputStream());
    } catch (IOException e) {
      // one side went away: close both
    } finally {
      closeQuietly(client);
      sockets.remove(client);
      if (backend != null) {
        closeQuietly(backend);
        sockets.remove(backend);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
