package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build stopped while its step still runs: on Ctrl-C every process of the step ends with the
 * build's JVM, also those the step detached into sessions of their own; a build killed outright (no
 * shutdown hook runs) leaves them, and the next build on the machine ends them.
 */
class SandboxInterruptTest {
  @TempDir Path dir;
  // Sleepers of this test alone, whatever else runs on the machine.
  final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));

  @Test
  void ctrlCEndsEveryProcessOfTheStep() throws Exception {
    Process build = startBuild(dir);
    try {
      awaitStarted(build);
      assertThat(awaitSleepers()).hasSize(3);
      new ProcessBuilder("kill", "-INT", Long.toString(build.pid())).start().waitFor();
      assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      build.destroy();
    }
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(sleepers()).isEmpty();
  }

  @Test
  void whatABuildKilledOutrightLeftIsEndedByTheNextBuild() throws Exception {
    Process build = startBuild(dir);
    try {
      awaitStarted(build);
      assertThat(awaitSleepers()).hasSize(3);
      build.destroyForcibly();
      assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      build.destroyForcibly();
    }
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(sleepers()).hasSize(3);

    Process next =
        new ProcessBuilder(
                java(),
                "-cp",
                System.getProperty("java.class.path"),
                UnprivilegedRunMain.class.getName(),
                dir.toString(),
                "echo next\n")
            .redirectErrorStream(true)
            .start();
    String output = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(next.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("left by an interrupted build", "[image-env] next");
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(sleepers()).isEmpty();
  }

  private Process startBuild(Path work) throws Exception {
    return new ProcessBuilder(
            java(),
            "-cp",
            System.getProperty("java.class.path"),
            UnprivilegedRunMain.class.getName(),
            work.toString(),
            "setsid sleep 1"
                + tag
                + " > /dev/null 2>&1 < /dev/null &\nsleep 2"
                + tag
                + " &\n"
                + "echo started\nsleep 3"
                + tag
                + "\n")
        .redirectErrorStream(true)
        .start();
  }

  static void awaitStarted(Process build) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.contains("[image-env] started")) {
        return;
      }
    }
    throw new AssertionError("the step never started:\n" + seen);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  // A background job may not have exec'd its sleep yet when the step says it started.
  private List<String> awaitSleepers() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> sleepers = sleepers();
    while (sleepers.size() < 3 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      sleepers = sleepers();
    }
    return sleepers;
  }

  private List<String> sleepers() throws Exception {
    return HostProcesses.commandLines().stream()
        .filter(c -> c.matches("sleep [123]" + tag))
        .toList();
  }
}
