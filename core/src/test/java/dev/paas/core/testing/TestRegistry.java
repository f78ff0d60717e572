package dev.paas.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real CNCF distribution registry ({@code docker-registry serve}) on a free loopback port, plain
 * HTTP, with its storage in a temporary directory.
 *
 * <p>Use it as an extension ({@code @RegisterExtension static final TestRegistry REGISTRY = new
 * TestRegistry();}, started before all tests of the class and stopped after them) or by hand
 * ({@code try (TestRegistry r = TestRegistry.started()) {...}}).
 *
 * <p>A machine without the {@code docker-registry} binary fails the tests: they are not skipped.
 */
public final class TestRegistry implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final String BINARY = "docker-registry";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final boolean tls;
  private final String searchPath;
  private Process process;
  private Path directory;
  private int port;

  /** A plain-HTTP registry. */
  public TestRegistry() {
    this(false);
  }

  private TestRegistry(boolean tls) {
    this(tls, System.getenv("PATH"));
  }

  /** A registry whose binary is looked up on {@code searchPath} instead of {@code $PATH}. */
  TestRegistry(boolean tls, String searchPath) {
    this.tls = tls;
    this.searchPath = searchPath;
  }

  /**
   * A registry that speaks HTTPS with a self-signed certificate for 127.0.0.1 (made with the {@code
   * openssl} command), as internal registries often do.
   */
  public static TestRegistry withSelfSignedTls() {
    return new TestRegistry(true);
  }

  /** Starts a plain-HTTP registry now. */
  public static TestRegistry started() {
    TestRegistry registry = new TestRegistry();
    registry.start();
    return registry;
  }

  /** {@code http} or {@code https}. */
  public String scheme() {
    return tls ? "https" : "http";
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** {@code 127.0.0.1:PORT}, the registry part of image references. */
  public String host() {
    if (process == null) {
      throw new IllegalStateException("the registry is not running");
    }
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:PORT} (or https). */
  public URI baseUri() {
    return URI.create(scheme() + "://" + host());
  }

  /**
   * Sends a request for {@code path} (e.g. {@code /v2/app/manifests/1}) to the registry directly,
   * with header name/value pairs, and returns the answer.
   */
  public HttpResponse<byte[]> request(String method, String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(scheme() + "://" + host() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return client(Duration.ofSeconds(20))
          .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GETs a manifest by tag or digest, accepting OCI and Docker manifests and indexes. */
  public HttpResponse<byte[]> getManifest(String repository, String reference) {
    return request(
        "GET",
        "/v2/" + repository + "/manifests/" + reference,
        "Accept",
        String.join(
            ",",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json"));
  }

  /** Whether the repository holds the blob (HEAD answers 200). */
  public boolean hasBlob(String repository, String digest) {
    return request("HEAD", "/v2/" + repository + "/blobs/" + digest).statusCode() == 200;
  }

  /** The registry's storage directory. */
  public Path storage() {
    return directory.resolve("storage");
  }

  /** Starts the registry, retrying on another port if the chosen one was taken meanwhile. */
  public synchronized void start() {
    if (process != null) {
      return;
    }
    Path binary =
        findBinary(searchPath)
            .orElseThrow(
                () ->
                    new AssertionError(
                        BINARY
                            + " is not on "
                            + "the PATH ("
                            + searchPath
                            + "); the registry tests need the real CNCF "
                            + "distribution registry: install it with 'apt-get install docker-registry'"));
    try {
      directory = Files.createTempDirectory("paas-test-registry");
      if (tls) {
        makeCertificate();
      }
    } catch (IOException e) {
      deleteDirectory();
      throw new UncheckedIOException(e);
    }
    AssertionError last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        startOnce(binary);
        return;
      } catch (AssertionError e) {
        last = e;
      }
    }
    deleteDirectory();
    throw last;
  }

  private void startOnce(Path binary) {
    port = freePort();
    Path config = directory.resolve("config.yml");
    Path log = directory.resolve("registry.log");
    try {
      Files.writeString(
          config,
          String.join(
              "\n",
              "version: 0.1",
              "log:",
              "  level: warn",
              "  accesslog:",
              "    disabled: true",
              "storage:",
              "  filesystem:",
              "    rootdirectory: " + storage(),
              "  delete:",
              "    enabled: true",
              "http:",
              "  addr: 127.0.0.1:" + port,
              "  secret: paas-test-secret",
              tls
                  ? "  tls:\n    certificate: "
                      + directory.resolve("cert.pem")
                      + "\n    key: "
                      + directory.resolve("key.pem")
                  : "",
              ""));
      process =
          new ProcessBuilder(binary.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + binary + ": " + e.getMessage(), e);
    }
    HttpClient http = client(Duration.ofSeconds(2));
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastProblem = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        Process dead = process;
        process = null;
        throw new AssertionError(
            BINARY
                + " exited with code "
                + dead.exitValue()
                + " before answering on port "
                + port
                + ":\n"
                + readLog(log));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(scheme() + "://127.0.0.1:" + port + "/v2/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
        lastProblem = "GET /v2/ answered " + response.statusCode();
      } catch (IOException e) {
        lastProblem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopProcess();
        throw new AssertionError("interrupted while waiting for the registry", e);
      }
      sleep(50);
    }
    stopProcess();
    throw new AssertionError(
        BINARY
            + " did not answer 200 on "
            + scheme()
            + "://127.0.0.1:"
            + port
            + "/v2/ within "
            + READY_TIMEOUT.toSeconds()
            + " s ("
            + lastProblem
            + "):\n"
            + readLog(log));
  }

  /** The registry's log so far, for failure messages. */
  public String log() {
    return readLog(directory.resolve("registry.log"));
  }

  @Override
  public synchronized void close() {
    stopProcess();
    deleteDirectory();
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void deleteDirectory() {
    if (directory == null) {
      return;
    }
    deleteRecursively(directory);
    directory = null;
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  private static Optional<Path> findBinary(String path) {
    List<String> dirs =
        path == null
            ? List.of("/usr/bin", "/usr/local/bin")
            : List.of(path.split(File.pathSeparator));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, BINARY))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * A client for this registry: HTTP/1.1, and for TLS one that trusts its self-signed certificate.
   */
  private HttpClient client(Duration connectTimeout) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    if (tls) {
      builder.sslContext(trustAll());
    }
    return builder.build();
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String type) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String type) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void makeCertificate() throws IOException {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                directory.resolve("key.pem").toString(),
                "-out",
                directory.resolve("cert.pem").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
        throw new AssertionError("openssl could not make a self-signed certificate:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readLog(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
