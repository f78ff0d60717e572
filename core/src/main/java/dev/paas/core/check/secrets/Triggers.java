package dev.paas.core.check.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of substrings, any of which a line must contain before a regular expression looks at
 * it. Looked up by the two bytes a substring starts with, so the common case (no trigger at this
 * byte) costs one table load.
 */
final class Triggers {
  private final byte[][][] byFirstTwo = new byte[1 << 16][][];
  private final boolean[][] foldByFirstTwo = new boolean[1 << 16][];

  /**
   * @param exact substrings matched as they are
   * @param folded substrings matched regardless of ASCII case, given in lower case
   */
  Triggers(List<String> exact, List<String> folded) {
    for (String trigger : exact) {
      byte[] bytes = trigger.getBytes(StandardCharsets.UTF_8);
      add(bytes[0], bytes[1], bytes, false);
    }
    for (String trigger : folded) {
      byte[] bytes = trigger.getBytes(StandardCharsets.UTF_8);
      for (byte first : cases(bytes[0])) {
        for (byte second : cases(bytes[1])) {
          add(first, second, bytes, true);
        }
      }
    }
  }

  private void add(byte first, byte second, byte[] trigger, boolean fold) {
    int key = ((first & 0xff) << 8) | (second & 0xff);
    byte[][] triggers = byFirstTwo[key];
    boolean[] folds = foldByFirstTwo[key];
    int n = triggers == null ? 0 : triggers.length;
    triggers = triggers == null ? new byte[1][] : Arrays.copyOf(triggers, n + 1);
    folds = folds == null ? new boolean[1] : Arrays.copyOf(folds, n + 1);
    triggers[n] = trigger;
    folds[n] = fold;
    byFirstTwo[key] = triggers;
    foldByFirstTwo[key] = folds;
  }

  private static List<Byte> cases(byte b) {
    List<Byte> variants = new ArrayList<>(List.of(b));
    if (b >= 'a' && b <= 'z') {
      variants.add((byte) (b - 32));
    }
    return variants;
  }

  /** Where the first trigger at or after {@code from} starts, or -1. */
  int next(byte[] text, int from, int length) {
    byte[][][] table = byFirstTwo;
    for (int i = from; i < length - 1; i++) {
      byte[][] candidates = table[((text[i] & 0xff) << 8) | (text[i + 1] & 0xff)];
      if (candidates != null && matchesAny(text, i, length, candidates,
          foldByFirstTwo[((text[i] & 0xff) << 8) | (text[i + 1] & 0xff)])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesAny(byte[] text, int at, int length, byte[][] candidates,
      boolean[] folds) {
    for (int c = 0; c < candidates.length; c++) {
      byte[] trigger = candidates[c];
      if (at + trigger.length > length) {
        continue;
      }
      boolean fold = folds[c];
      int k = 2;
      while (k < trigger.length) {
        byte b = text[at + k];
        if (fold && b >= 'A' && b <= 'Z') {
          b += 32;
        }
        if (b != trigger[k]) {
          break;
        }
        k++;
      }
      if (k == trigger.length) {
        return true;
      }
    }
    return false;
  }
}
