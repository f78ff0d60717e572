package dev.paas.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.core.PaasException;
import dev.paas.core.PrintableText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An image config's {@code rootfs.diff_ids}, checked against its manifest's layers: exactly one
 * well-formed diff_id per layer. An extra or a missing one would let the checked layers and the
 * layers a runtime applies differ, so either is refused.
 */
public final class DiffIds {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private DiffIds() {}

  /**
   * The diff_ids of {@code config}, one for each of the manifest's {@code layers}.
   *
   * @param image names the image in messages
   */
  public static List<String> of(JsonNode config, int layers, String image) throws PaasException {
    JsonNode node = config.path("rootfs").path("diff_ids");
    if (node.size() != layers || (!node.isArray() && layers > 0)) {
      throw new PaasException(
          image
              + ": its config lists "
              + node.size()
              + " diff_ids "
              + "(rootfs.diff_ids) and its manifest "
              + layers
              + " layers; each layer must have "
              + "exactly one. The image is damaged or forged: build, pull or copy it again");
    }
    List<String> ids = new ArrayList<>(layers);
    for (int i = 0; i < layers; i++) {
      String id = node.get(i).asText();
      if (!DIGEST.matcher(id).matches()) {
        throw new PaasException(
            image
                + ": its config names a malformed diff_id '"
                + PrintableText.of(id)
                + "' for layer "
                + (i + 1)
                + " of "
                + layers
                + "; only sha256 digests are read");
      }
      ids.add(id);
    }
    return List.copyOf(ids);
  }
}
