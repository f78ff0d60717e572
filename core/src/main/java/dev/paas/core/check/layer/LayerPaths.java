package dev.paas.core.check.layer;

import java.util.ArrayDeque;
import java.util.Deque;

/** Normalises tar entry names the way container runtimes apply them: never above the root. */
final class LayerPaths {
  private LayerPaths() {}

  /** A normalised name, and whether {@code ..} tried to climb above the root. */
  record Normalised(String path, boolean escapes) {}

  static Normalised normalise(String name) {
    Deque<String> parts = new ArrayDeque<>();
    boolean escapes = false;
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          escapes = true;
        } else {
          parts.removeLast();
        }
        continue;
      }
      parts.addLast(part);
    }
    return new Normalised("/" + String.join("/", parts), escapes);
  }
}
