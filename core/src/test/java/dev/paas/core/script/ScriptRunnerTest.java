package dev.paas.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {
  @TempDir Path dir;

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final ScriptRunner runner = new ScriptRunner(Duration.ofSeconds(20));

  @Test
  void streamsStdoutAndStderrLinesInOrder() throws Exception {
    Path script =
        script(
            """
        echo one
        echo two >&2
        printf 'three\\nfour\\n'
        echo five >&2
        """);

    runner.run(script, dir, Map.of(), lines::add);

    assertThat(lines).containsExactly("one", "two", "three", "four", "five");
  }

  @Test
  void linesReachTheConsumerWhileTheScriptStillRuns() throws Exception {
    // The script goes on only once the consumer has seen its first line: if output were
    // collected until the end, it would wait until the time limit.
    Path go = dir.resolve("go");
    Path script =
        script(
            """
        echo first
        while [ ! -e go ]; do sleep 0.05; done
        echo second
        """);

    new ScriptRunner(Duration.ofSeconds(10))
        .run(
            script,
            dir,
            Map.of(),
            line -> {
              lines.add(line);
              if (line.equals("first")) {
                try {
                  Files.createFile(go);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });

    assertThat(lines).containsExactly("first", "second");
  }

  @Test
  void passesEnvironmentVariablesOnTopOfTheBuildsOwn() throws Exception {
    Path script =
        script(
            """
        echo "env=$PAAS_ENVIRONMENT"
        echo "spaces=$PAAS_WITH_SPACES"
        [ -n "$PATH" ] && echo "path is set"
        """);

    runner.run(
        script, dir, Map.of("PAAS_ENVIRONMENT", "prod", "PAAS_WITH_SPACES", "a b  c"), lines::add);

    assertThat(lines).containsExactly("env=prod", "spaces=a b  c", "path is set");
  }

  @Test
  void runsInTheWorkingDirectory() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path script = script("pwd\necho made > made.txt\n");

    runner.run(script, work, Map.of(), lines::add);

    assertThat(lines).containsExactly(work.toRealPath().toString());
    assertThat(work.resolve("made.txt")).hasContent("made");
  }

  @Test
  void aScriptWithoutTheExecutableBitRunsWithSh() throws Exception {
    Path script = script("echo ran\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

    runner.run(script, dir, Map.of(), lines::add);

    assertThat(lines).containsExactly("ran");
  }

  @Test
  void stdinIsEmptySoAScriptThatReadsDoesNotHang() throws Exception {
    Path script = script("if read -r line; then echo \"got $line\"; else echo eof; fi\n");

    new ScriptRunner(Duration.ofSeconds(10)).run(script, dir, Map.of(), lines::add);

    assertThat(lines).containsExactly("eof");
  }

  @Test
  void nonZeroExitGivesTheExitCodeAndTheLastTwentyLines() throws Exception {
    Path script =
        script(
            """
        i=1
        while [ $i -le 30 ]; do printf 'line %02d\\n' $i; i=$((i+1)); done
        exit 3
        """);

    assertThatThrownBy(() -> runner.run(script, dir, Map.of(), lines::add))
        .isInstanceOf(PaasException.class)
        .satisfies(
            e -> {
              String message = e.getMessage();
              assertThat(message).startsWith(script + " failed with exit code 3");
              List<String> quoted = message.lines().filter(l -> l.startsWith("  | ")).toList();
              assertThat(quoted)
                  .containsExactlyElementsOf(
                      IntStream.rangeClosed(11, 30)
                          .mapToObj(i -> String.format("  | line %02d", i))
                          .toList());
              assertThat(message).doesNotContain("line 10");
            });
    assertThat(lines).hasSize(30);
  }

  @Test
  void failureWithoutOutputSaysSo() throws Exception {
    Path script = script("exit 7\n");

    assertThatThrownBy(() -> runner.run(script, dir, Map.of(), lines::add))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("exit code 7")
        .hasMessageContaining("(no output)");
  }

  @Test
  void aScriptOverTheTimeLimitIsStoppedWithItsChildren() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path script =
        script(
            """
        echo starting
        sleep 60 &
        echo $! > child.pid
        wait
        """);
    ScriptRunner quick = new ScriptRunner(Duration.ofSeconds(1));

    long start = System.nanoTime();
    assertThatThrownBy(() -> quick.run(script, dir, Map.of(), lines::add))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(script + " did not finish within 1 s and was stopped")
        .hasMessageContaining("  | starting")
        .hasMessageContaining("paas.buildEnv.timeout");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(6));
    long childPid = Long.parseLong(Files.readString(pidFile).strip());
    boolean childAlive = true;
    for (int i = 0; i < 50 && childAlive; i++) {
      childAlive = ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false);
      if (childAlive) {
        Thread.sleep(100);
      }
    }
    assertThat(childAlive).as("the script's child 'sleep 60' was stopped").isFalse();
  }

  @Test
  void aMissingScriptIsAClearError() {
    Path missing = dir.resolve("build-env.sh");

    assertThatThrownBy(() -> runner.run(missing, dir, Map.of(), lines::add))
        .isInstanceOf(PaasException.class)
        .hasMessage(missing + " is not a regular file: make it a shell script, or remove it");
  }

  @Test
  void aDirectoryIsNotAScript() throws Exception {
    Path directory = Files.createDirectories(dir.resolve(".paas"));

    assertThatThrownBy(() -> runner.run(directory, dir, Map.of(), lines::add))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(directory + " is not a regular file");
  }

  @Test
  void aMissingWorkingDirectoryIsAClearError() throws Exception {
    Path script = script("echo never\n");
    Path missing = dir.resolve("no-such-dir");

    assertThatThrownBy(() -> runner.run(script, missing, Map.of(), lines::add))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith("Cannot start " + script + ": Cannot run program \"/bin/sh\"");
    assertThat(lines).isEmpty();
  }

  private Path script(String body) throws Exception {
    return Files.writeString(dir.resolve("script-" + System.nanoTime() + ".sh"), body);
  }
}
