package dev.paas.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The platform images are built for and run on here: linux/amd64. */
public final class Platform {
  public static final String OS = "linux";
  public static final String ARCHITECTURE = "amd64";

  private Platform() {}

  /**
   * The digest of this platform's manifest in an image index, or empty when the index has none. An
   * entry without a platform is taken only when it is the index's sole entry (as single-image
   * layouts written by skopeo or umoci are).
   */
  public static Optional<String> selectFrom(JsonNode index) {
    JsonNode manifests = index.path("manifests");
    for (JsonNode entry : manifests) {
      JsonNode platform = entry.path("platform");
      if (OS.equals(platform.path("os").asText())
          && ARCHITECTURE.equals(platform.path("architecture").asText())) {
        return Optional.of(entry.path("digest").asText());
      }
    }
    if (manifests.size() == 1 && manifests.get(0).path("platform").isMissingNode()) {
      return Optional.of(manifests.get(0).path("digest").asText());
    }
    return Optional.empty();
  }
}
