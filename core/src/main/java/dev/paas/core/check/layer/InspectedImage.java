package dev.paas.core.check.layer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.finding.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * An image as the rules see it: its config, the facts of each layer, and the official bases it was
 * compared with.
 *
 * @param reference what was checked, as the user named it
 * @param officials every accepted version of every official base
 * @param base the official base the image's layers start with, if any (the longest one)
 */
public record InspectedImage(
    String reference,
    String digest,
    JsonNode config,
    List<LayerFacts> layers,
    List<OfficialBase> officials,
    Optional<OfficialBase> base) {

  public InspectedImage {
    layers = List.copyOf(layers);
    officials = List.copyOf(officials);
  }

  /** Inspects an image whose base is the longest official base its layers start with. */
  public static InspectedImage of(
      String reference,
      String digest,
      JsonNode config,
      List<LayerFacts> layers,
      List<OfficialBase> officials) {
    List<String> diffIds = layers.stream().map(LayerFacts::diffId).toList();
    Optional<OfficialBase> base =
        officials.stream()
            .filter(o -> o.isPrefixOf(diffIds))
            .max(Comparator.comparingInt(o -> o.diffIds().size()));
    return new InspectedImage(reference, digest, config, layers, officials, base);
  }

  /** How many of the lowest layers are the official base's (0 when none matched). */
  public int baseLayers() {
    return base.map(b -> b.diffIds().size()).orElse(0);
  }

  /** The layers above the official base, with their index. */
  public List<Integer> upperLayers() {
    return IntStream.range(baseLayers(), layers.size()).boxed().toList();
  }

  /** An entry of a layer, with where it is. */
  public record PlacedEntry(int layer, String diffId, LayerEntry entry) {
    /** The entry's path in its layer. */
    public Location location() {
      return Location.inLayer(layer, diffId, entry.path(), 0);
    }
  }

  /** Every entry of the layers above the official base, lowest layer first. */
  public List<PlacedEntry> upperEntries() {
    List<PlacedEntry> entries = new ArrayList<>();
    for (int i : upperLayers()) {
      LayerFacts layer = layers.get(i);
      layer.entries().forEach(e -> entries.add(new PlacedEntry(i, layer.diffId(), e)));
    }
    return entries;
  }
}
