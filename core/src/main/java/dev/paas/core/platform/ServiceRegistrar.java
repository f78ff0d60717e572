package dev.paas.core.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.io.HttpTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a service's centre that an image with the service was pushed: a POST of {@code
 * {"service","environment","image","digest"}} as JSON to the service's registration URL.
 */
public final class ServiceRegistrar {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

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
  public void register(
      EnvironmentAdditions.Registration registration,
      String environment,
      String image,
      String digest)
      throws PaasException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("service", registration.service())
            .put("environment", environment)
            .put("image", image)
            .put("digest", digest);
    String what =
        "Registering the service '"
            + registration.service()
            + "' of "
            + image
            + " with "
            + registration.url();
    try {
      HttpTransport.Response response =
          new HttpTransport(false)
              .send(
                  new HttpTransport.Request(
                      "POST",
                      registration.url(),
                      Map.of("Content-Type", "application/json"),
                      Optional.of(HttpTransport.Body.of(JSON.writeValueAsBytes(body))),
                      TIMEOUT));
      if (response.status() / 100 != 2) {
        String answer = new String(response.body(), StandardCharsets.UTF_8).strip();
        throw new PaasException(
            what
                + " failed: HTTP "
                + response.status()
                + (answer.isEmpty()
                    ? ""
                    : " ("
                        + (answer.length() > 300 ? answer.substring(0, 300) + "..." : answer)
                        + ")")
                + ". The image is pushed; run paas:push again to register it once the centre accepts it");
      }
      log.info(
          "Registered the service '"
              + registration.service()
              + "' of "
              + image
              + " ("
              + environment
              + ") with "
              + registration.url());
    } catch (IOException e) {
      throw new PaasException(
          what
              + " failed: "
              + e
              + ". The image is pushed; run paas:push again "
              + "to register it once the centre is reachable",
          e);
    }
  }
}
