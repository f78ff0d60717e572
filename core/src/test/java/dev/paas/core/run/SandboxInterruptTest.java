package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a build whose step still runs: the build's JVM ends, and with it every process of
 * the step, also those the step detached into sessions of their own.
 */
class SandboxInterruptTest {
  @TempDir Path dir;

  @Test
  void ctrlCEndsEveryProcessOfTheStep() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process build = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        UnprivilegedRunMain.class.getName(), dir.toString(),
        "setsid sleep 9131 > /dev/null 2>&1 < /dev/null &\nsleep 9132 &\necho started\nsleep 9133\n")
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(build.getInputStream(),
        StandardCharsets.UTF_8))) {
      StringBuilder seen = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        seen.append(line).append('\n');
        if (line.contains("[image-env] started")) {
          break;
        }
      }
      assertThat(seen.toString()).contains("[image-env] started");
      assertThat(sleepers()).hasSize(3);

      new ProcessBuilder("kill", "-INT", Long.toString(build.pid())).start().waitFor();
      assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      build.destroyForcibly();
    }
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(sleepers()).isEmpty();
  }

  private static List<String> sleepers() throws Exception {
    return HostProcesses.commandLines().stream().filter(c -> c.matches("sleep 913[123]")).toList();
  }
}
