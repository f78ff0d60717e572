package dev.paas.core.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.io.LimitedInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;

/**
 * Tells a service's centre that an image with the service was pushed: a POST of
 * {@code {"service","environment","image","digest"}} as JSON to the service's registration URL.
 */
public final class ServiceRegistrar {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TIMEOUT_MILLIS = 20_000;

  private final BuildLog log;

  public ServiceRegistrar(BuildLog log) {
    this.log = log;
  }

  /**
   * Registers one pushed image.
   *
   * @param image the registry reference it was pushed to
   * @param digest its manifest digest
   */
  public void register(EnvironmentAdditions.Registration registration, String environment,
      String image, String digest) throws PaasException {
    ObjectNode body = JSON.createObjectNode()
        .put("service", registration.service())
        .put("environment", environment)
        .put("image", image)
        .put("digest", digest);
    String what = "Registering the service '" + registration.service() + "' of " + image
        + " with " + registration.url();
    try {
      byte[] bytes = JSON.writeValueAsBytes(body);
      HttpURLConnection connection = (HttpURLConnection) registration.url().toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
      int status = connection.getResponseCode();
      if (status / 100 != 2) {
        InputStream error = connection.getErrorStream();
        String answer = error == null ? "" : new String(LimitedInput.readAll(error, 64 * 1024,
            "the answer"), StandardCharsets.UTF_8).strip();
        throw new PaasException(what + " failed: HTTP " + status + (answer.isEmpty() ? "" : " (" 
            + (answer.length() > 300 ? answer.substring(0, 300) + "..." : answer) + ")")
            + ". The image is pushed; run paas:push again to register it once the centre accepts it");
      }
      connection.getInputStream().close();
      log.info("Registered the service '" + registration.service() + "' of " + image + " ("
          + environment + ") with " + registration.url());
    } catch (IOException e) {
      throw new PaasException(what + " failed: " + e + ". The image is pushed; run paas:push again "
          + "to register it once the centre is reachable", e);
    }
  }
}
