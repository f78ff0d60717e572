package dev.paas.core.check.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/**
 * The keywords of a set of rules as one Aho-Corasick automaton over bytes, ASCII case folded: one
 * pass over a file, one table load per byte, finds every place a keyword ends and the rules it
 * wakes. No pattern runs on text without one of its rule's keywords.
 */
final class KeywordIndex {
  private final int[] next;
  private final int[][] rulesAt;

  /**
   * @param keywords for each rule (by its index), its keywords in lower case
   */
  KeywordIndex(List<List<String>> keywords) {
    List<int[]> children = new ArrayList<>();
    List<TreeSet<Integer>> outputs = new ArrayList<>();
    children.add(newRow());
    outputs.add(new TreeSet<>());
    for (int rule = 0; rule < keywords.size(); rule++) {
      for (String keyword : keywords.get(rule)) {
        int state = 0;
        for (byte b : keyword.getBytes(StandardCharsets.UTF_8)) {
          int c = fold(b);
          if (children.get(state)[c] < 0) {
            children.get(state)[c] = children.size();
            children.add(newRow());
            outputs.add(new TreeSet<>());
          }
          state = children.get(state)[c];
        }
        outputs.get(state).add(rule);
      }
    }
    int states = children.size();
    next = new int[states << 8];
    int[] fail = new int[states];
    Deque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < 256; c++) {
      int child = children.get(0)[fold((byte) c)];
      next[c] = Math.max(child, 0);
      if (child > 0 && fold((byte) c) == c) {
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      outputs.get(state).addAll(outputs.get(fail[state]));
      for (int c = 0; c < 256; c++) {
        int folded = fold((byte) c);
        int child = children.get(state)[folded];
        if (child > 0) {
          next[(state << 8) | c] = child;
          if (folded == c) {
            fail[child] = next[(fail[state] << 8) | c];
            queue.add(child);
          }
        } else {
          next[(state << 8) | c] = next[(fail[state] << 8) | c];
        }
      }
    }
    rulesAt = new int[states][];
    for (int s = 0; s < states; s++) {
      TreeSet<Integer> out = outputs.get(s);
      rulesAt[s] = out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int[] newRow() {
    int[] row = new int[256];
    Arrays.fill(row, -1);
    return row;
  }

  private static int fold(byte b) {
    int c = b & 0xff;
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /** Where the first keyword in {@code text[from, to)} ends (its last byte), or -1. */
  int next(byte[] text, int from, int to) {
    int[] delta = next;
    int[][] hits = rulesAt;
    int state = 0;
    for (int i = from; i < to; i++) {
      state = delta[(state << 8) | (text[i] & 0xff)];
      if (hits[state] != null) {
        return i;
      }
    }
    return -1;
  }

  /** Marks in {@code rules} every rule with a keyword in {@code text[from, to)}. */
  void collect(byte[] text, int from, int to, BitSet rules) {
    int state = 0;
    for (int i = from; i < to; i++) {
      state = next[(state << 8) | (text[i] & 0xff)];
      int[] hit = rulesAt[state];
      if (hit != null) {
        for (int rule : hit) {
          rules.set(rule);
        }
      }
    }
  }

  /** Marks every rule with a keyword in {@code text}, a string (a setting, a history entry). */
  void collect(String text, BitSet rules) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    collect(bytes, 0, bytes.length, rules);
  }
}
