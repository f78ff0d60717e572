package dev.paas.core.testing;

import dev.paas.core.BuildLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link BuildLog} that keeps every line, prefixed with its level, for assertions. */
public final class RecordingLog implements BuildLog {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message) {
    lines.add("WARN " + message);
  }

  @Override
  public void debug(String message) {
    lines.add("DEBUG " + message);
  }

  /** Every line so far, as {@code LEVEL message}. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines so far, one per line. */
  public String text() {
    return toString();
  }

  /** Forgets the lines so far. */
  public void clear() {
    lines.clear();
  }

  /** The lines so far, one per line, for failure messages. */
  @Override
  public String toString() {
    return String.join("\n", lines);
  }
}
