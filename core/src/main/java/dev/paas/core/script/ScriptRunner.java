package dev.paas.core.script;

import dev.paas.core.PaasException;
import java.io.BufferedReader;
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
 * Runs a team's {@code .paas} shell script on the build host: output streamed line by line, a
 * time limit, and on failure an error that quotes the script's last lines.
 */
public final class ScriptRunner {
  static final int TAIL_LINES = 20;

  private final Duration timeout;
  private final String timeoutProperty;

  /** A runner for {@code paas:build-env}, whose time limit is {@code paas.buildEnv.timeout}. */
  public ScriptRunner(Duration timeout) {
    this(timeout, "paas.buildEnv.timeout");
  }

  /** @param timeoutProperty the property that raises the time limit, named in the error */
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
  public void run(Path script, Path workingDirectory, Map<String, String> environment,
      Consumer<String> output) throws PaasException {
    if (!Files.isRegularFile(script)) {
      throw new PaasException(script + " is not a regular file: make it a shell script, or remove it");
    }
    if (!Files.isReadable(script)) {
      throw new PaasException(script + " is not readable: fix its permissions (chmod u+r " + script
          + ")");
    }
    ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", script.toAbsolutePath().toString()))
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
  public void run(String what, ProcessBuilder builder, Consumer<String> output) throws PaasException {
    builder.redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
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
        throw new PaasException(what + " did not finish within " + timeout.toSeconds()
            + " s and was stopped. Its last lines:\n" + lastLines(tail)
            + "\nMake it faster or raise the time limit (" + timeoutProperty + ", in seconds).");
      }
      reader.join(5000);
      int exit = process.exitValue();
      if (exit != 0) {
        throw new PaasException(what + " failed with exit code " + exit + ". Its last lines:\n"
            + lastLines(tail));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new PaasException("Interrupted while running " + what, e);
    }
  }

  private static void pump(Process process, Deque<String> tail, Consumer<String> output) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        output.accept(line);
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
