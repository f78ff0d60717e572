package dev.paas.core.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unmodifiable copies that keep their order: what a profile lists, and what goes into an image's
 * config, stays in the written order (Map.copyOf's order changes from one JVM to the next).
 */
final class OrderedMaps {
  private OrderedMaps() {}

  static <K, V> Map<K, V> copy(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
