package dev.paas.core.script;

import dev.paas.core.PaasException;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a team's {@code .paas} shell script on the build host: output streamed line by line, a time
 * limit, and on failure an error that quotes the script's last lines.
 */
public final class ScriptRunner {
  static final int TAIL_LINES = 20;

  /** The longest line passed on; longer ones are cut. */
  static final int MAX_LINE = 8192;

  /** The most output passed on to the log, in characters. */
  static final long MAX_OUTPUT = 16L << 20;

  private final Duration timeout;
  private final String timeoutProperty;

  /** A runner for {@code paas:build-env}, whose time limit is {@code paas.buildEnv.timeout}. */
  public ScriptRunner(Duration timeout) {
    this(timeout, "paas.buildEnv.timeout");
  }

  /**
   * @param timeoutProperty the property that raises the time limit, named in the error
   */
  public ScriptRunner(Duration timeout, String timeoutProperty) {
    this.timeout = timeout;
    this.timeoutProperty = timeoutProperty;
  }

  /**
   * Runs {@code script} with {@code /bin/sh} in {@code workingDirectory}.
   *
   * @param environment variables added to the build's own environment
   * @param output receives each line the script prints, stdout and stderr together
   */
  public void run(
      Path script, Path workingDirectory, Map<String, String> environment, Consumer<String> output)
      throws PaasException {
    if (!Files.isRegularFile(script)) {
      throw new PaasException(
          script + " is not a regular file: make it a shell script, or remove it");
    }
    if (!Files.isReadable(script)) {
      throw new PaasException(
          script + " is not readable: fix its permissions (chmod u+r " + script + ")");
    }
    ProcessBuilder builder =
        new ProcessBuilder(List.of("/bin/sh", script.toAbsolutePath().toString()))
            .directory(workingDirectory.toFile());
    builder.environment().putAll(environment);
    run(script.toString(), builder, output);
  }

  /**
   * Runs a prepared process the same way: its input is empty, its output (stdout and stderr
   * together) is streamed, and a failure quotes its last lines.
   *
   * @param what names the process in errors
   */
  public void run(String what, ProcessBuilder builder, Consumer<String> output)
      throws PaasException {
    builder
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new PaasException("Cannot start " + what + ": " + e.getMessage(), e);
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread reader = new Thread(() -> pump(process, tail, output), "paas-script-output");
    reader.setDaemon(true);
    reader.start();
    try {
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        reader.join(2000);
        throw new PaasException(
            what
                + " did not finish within "
                + timeout.toSeconds()
                + " s and was stopped. Its last lines:\n"
                + lastLines(tail)
                + "\nMake it faster or raise the time limit ("
                + timeoutProperty
                + ", in seconds).");
      }
      reader.join(5000);
      int exit = process.exitValue();
      if (exit != 0) {
        throw new PaasException(
            what + " failed with exit code " + exit + ". Its last lines:\n" + lastLines(tail));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new PaasException("Interrupted while running " + what, e);
    }
  }

  // Lines are cut at MAX_LINE characters and the log gets at most MAX_OUTPUT of them, so a
  // process that prints without end (or without a line break) cannot exhaust memory or disk;
  // the rest is read and dropped, so it never blocks on a full pipe.
  private static void pump(Process process, Deque<String> tail, Consumer<String> output) {
    long shown = 0;
    boolean capped = false;
    try (InputStreamReader in =
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      boolean cut = false;
      char[] buffer = new char[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c != '\n') {
            if (line.length() < MAX_LINE) {
              line.append(c);
            } else {
              cut = true;
            }
            continue;
          }
          String text = cut ? line + " [line cut at " + MAX_LINE + " characters]" : line.toString();
          line.setLength(0);
          cut = false;
          synchronized (tail) {
            tail.addLast(text);
            if (tail.size() > TAIL_LINES) {
              tail.removeFirst();
            }
          }
          shown += text.length() + 1;
          if (shown <= MAX_OUTPUT) {
            output.accept(text);
          } else if (!capped) {
            capped = true;
            output.accept(
                "[output beyond "
                    + (MAX_OUTPUT >> 20)
                    + " MiB is not shown; the last "
                    + TAIL_LINES
                    + " lines are quoted if it fails]");
          }
        }
      }
      if (line.length() > 0 && shown <= MAX_OUTPUT) {
        synchronized (tail) {
          tail.addLast(line.toString());
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        output.accept(line.toString());
      }
    } catch (IOException e) {
      // The process was stopped; what was read is in the tail.
    }
  }

  private static String lastLines(Deque<String> tail) {
    synchronized (tail) {
      return tail.isEmpty() ? "  (no output)" : "  | " + String.join("\n  | ", tail);
    }
  }
}
