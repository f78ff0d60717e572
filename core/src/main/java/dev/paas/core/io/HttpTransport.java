package dev.paas.core.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One HTTP exchange at a time over {@link HttpURLConnection}: the registry client's, the platform
 * profile's download and the service registration.
 *
 * <p>Not {@code java.net.http.HttpClient}: on Java 17 its selector thread holds the JVM for about
 * 300 ms at exit, a tenth of a whole {@code mvn package} (measured by bench/build-vs-jib.sh).
 */
public final class HttpTransport {
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  /** What to send; {@code body} is empty for requests without one. */
  public record Request(
      String method, URI uri, Map<String, String> headers, Optional<Body> body, Duration timeout) {}

  /** A request body that can be opened again when a request is retried after authentication. */
  public record Body(long size, Supplier<InputStream> content) {
    public static Body of(byte[] bytes) {
      return new Body(bytes.length, () -> new ByteArrayInputStream(bytes));
    }
  }

  /** The status, headers and (bounded) body of a response. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }
  }

  /** Reads the body of a 200 response as it arrives, instead of into memory. */
  @FunctionalInterface
  public interface BodyReader {
    /**
     * @param length the declared Content-Length, or -1 when the server sent none
     */
    void read(InputStream body, long length) throws IOException;
  }

  private final SSLContext trustingContext;

  /**
   * @param trustEveryCertificate accept any HTTPS certificate (insecure registries, as Jib)
   */
  public HttpTransport(boolean trustEveryCertificate) {
    this.trustingContext = trustEveryCertificate ? trustingEveryCertificate() : null;
  }

  public Response send(Request request) throws IOException {
    return send(request, null);
  }

  /**
   * Sends a request; a 200 response's body goes to {@code reader} (when given) instead of memory.
   */
  public Response send(Request request, BodyReader reader) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
    try {
      if (trustingContext != null && connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(trustingContext.getSocketFactory());
        https.setHostnameVerifier((host, session) -> true);
      }
      connection.setConnectTimeout(20_000);
      connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, request.timeout().toMillis()));
      connection.setInstanceFollowRedirects(true);
      connection.setUseCaches(false);
      connection.setRequestMethod(request.method());
      request.headers().forEach(connection::setRequestProperty);
      if (request.body().isPresent()) {
        Body body = request.body().get();
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.size());
        try (InputStream in = body.content().get();
            OutputStream out = connection.getOutputStream()) {
          in.transferTo(out);
        }
      }
      int status;
      try {
        status = connection.getResponseCode();
      } catch (HttpRetryException e) {
        // Streaming bodies cannot be replayed by the JDK: it reports the status this way.
        return new Response(e.responseCode(), Map.of(), new byte[0]);
      }
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      if (reader != null && status == 200 && in != null) {
        try (in) {
          reader.read(in, connection.getContentLengthLong());
        }
        return new Response(status, connection.getHeaderFields(), new byte[0]);
      }
      byte[] body =
          "HEAD".equals(request.method()) || in == null
              ? new byte[0]
              : LimitedInput.readAll(
                  in,
                  MAX_BODY_BYTES,
                  "the response to " + request.method() + " " + request.uri().getPath());
      return new Response(status, connection.getHeaderFields(), body);
    } finally {
      connection.disconnect();
    }
  }

  private static SSLContext trustingEveryCertificate() {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String type) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String type) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JRE has TLS", e);
    }
  }
}
