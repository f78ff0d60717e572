package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.testing.RecordingLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts that try to leave the sandbox the known ways, run as a hostile team would on the real
 * Debian + JRE base (scripts/base-image.sh, which ships perl): each attempt must fail inside the
 * step, and nothing on the host may change. The build runs as root, as on CI.
 */
class SandboxEscapeTest {
  /** Docker's default capabilities, as the kernel shows them in /proc/self/status. */
  static final String DEFAULT_CAPABILITIES = "00000000a80425fb";

  @TempDir Path dir;
  RecordingLog log = new RecordingLog();
  OciImage base;
  String marker = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void openBase() throws Exception {
    base = OciImage.open(ImageReference.parse("oci-archive:" + DebianRunTest.debianBase(), "base"));
  }

  @AfterEach
  void closeBase() throws Exception {
    base.close();
  }

  private List<RunLayer> run(RunSettings settings, String script) throws PaasException {
    return new ImageRun(dir.resolve("cache"), settings, log)
        .layers(base, List.of(RunStep.script("image-env", script, Optional.empty(), Map.of())));
  }

  private static RunSettings settings(RunNetwork network) {
    return new RunSettings(
        Sandbox.Mode.AUTO,
        true,
        Duration.ofMinutes(5),
        16L << 30,
        network,
        RunSettings.DEFAULT_MAX_MEMORY,
        RunSettings.DEFAULT_MAX_PROCESSES);
  }

  @Test
  void aRootScriptCannotLeaveTheImageOrActAsTheHostsRoot() throws Exception {
    Path hostTmp = Path.of("/tmp");
    Path sentinel = Files.writeString(dir.resolve("sentinel"), "host file");
    Process hostProcess = new ProcessBuilder("sleep", "300").start();
    try {
      List<RunLayer> layers =
          run(
              settings(RunNetwork.ISOLATED),
              String.join(
                  "\n",
                  // The double chroot: leaves a plain chroot, stays in a container's root.
                  "perl -e 'mkdir \"/jail\"; chroot \"/jail\" or die; chdir \"..\" for 1..64; chroot \".\" or die;"
                      + " open(my $f, \">\", \"/tmp/escape-chroot-"
                      + marker
                      + "\") or die; print $f \"inside\"' "
                      + "> /tmp/chroot.out 2>&1; echo $? >> /tmp/chroot.out",
                  // The first process's root is the step's own.
                  "echo proc1 > /proc/1/root/tmp/escape-proc1-"
                      + marker
                      + " 2>/tmp/proc1.out; echo $? >> /tmp/proc1.out",
                  "cat " + sentinel + " > /tmp/sentinel.out 2>&1; echo $? >> /tmp/sentinel.out",
                  "mount -t tmpfs none /mnt > /tmp/mount.out 2>&1; echo $? >> /tmp/mount.out",
                  "mount --bind / /mnt >> /tmp/mount.out 2>&1; echo $? >> /tmp/mount.out",
                  "mknod /tmp/sda b 8 0 > /tmp/mknod.out 2>&1; echo $? >> /tmp/mknod.out",
                  "kill -9 "
                      + hostProcess.pid()
                      + " > /tmp/kill.out 2>&1; echo $? >> /tmp/kill.out",
                  "kill -9 -1 2>/dev/null; true",
                  "ls -l /proc/self/fd/ > /tmp/fds.out 2>&1",
                  "cat /proc/self/uid_map > /tmp/uid_map.out",
                  "grep -E '^(CapEff|CapBnd|NoNewPrivs):' /proc/self/status > /tmp/status.out",
                  "cat /proc/kcore > /dev/null 2>/tmp/kcore.out; echo $? >> /tmp/kcore.out",
                  "sh -c 'echo 1 > /proc/sys/vm/drop_caches' 2>/tmp/sysctl.out; echo $? >> /tmp/sysctl.out",
                  "ls /sys > /tmp/sys.out 2>&1; echo $? >> /tmp/sys.out",
                  "hostname > /tmp/hostname.out",
                  ""));
      Map<String, String> files = ImageRunTest.contents(layers.get(0));

      assertThat(files.get("tmp/chroot.out")).isEqualTo("0\n");
      assertThat(files).containsEntry("tmp/escape-chroot-" + marker, "inside");
      assertThat(hostTmp.resolve("escape-chroot-" + marker)).doesNotExist();
      assertThat(files).containsEntry("tmp/escape-proc1-" + marker, "proc1\n");
      assertThat(hostTmp.resolve("escape-proc1-" + marker)).doesNotExist();
      assertThat(files.get("tmp/sentinel.out"))
          .contains("No such file or directory")
          .endsWith("1\n");
      assertThat(files.get("tmp/mount.out"))
          .doesNotContain("\n0\n")
          .doesNotStartWith("0\n")
          .contains("permission denied");
      assertThat(files.get("tmp/mknod.out")).contains("Operation not permitted").endsWith("1\n");
      assertThat(files.get("tmp/kill.out")).contains("No such process").endsWith("1\n");
      assertThat(hostProcess.isAlive()).isTrue();
      assertThat(files.get("tmp/fds.out"))
          .doesNotContain(dir.toString(), "/var/tmp/paas-sandbox", "/root");
      assertThat(files.get("tmp/uid_map.out").strip().split("\\s+"))
          .containsExactly("0", Integer.toString(Sandbox.ROOT_RANGE.uid()), "65536");
      assertThat(files.get("tmp/status.out"))
          .contains(
              "CapEff:\t" + DEFAULT_CAPABILITIES,
              "CapBnd:\t" + DEFAULT_CAPABILITIES,
              "NoNewPrivs:\t1");
      assertThat(files.get("tmp/kcore.out")).endsWith("1\n");
      assertThat(files.get("tmp/sysctl.out")).contains("Read-only file system").endsWith("2\n");
      assertThat(files.get("tmp/sys.out")).endsWith("0\n");
      assertThat(files.get("tmp/hostname.out")).isEqualTo("paas-run\n");
      assertThat(sentinel).hasContent("host file");
      assertNoStepProcessLeft();
    } finally {
      hostProcess.destroyForcibly();
    }
  }

  @Test
  void theIsolatedNetworkReachesTheOutsideButNotTheHostsLoopback() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket ignored = server.accept()) {
                    accepted.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      int port = server.getLocalPort();
      String probe =
          "perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(PeerAddr => $ARGV[0],"
              + " Timeout => 5); print $s ? \"connected\\n\" : \"refused\\n\"' ";
      List<RunLayer> layers =
          run(
              settings(RunNetwork.ISOLATED),
              String.join(
                  "\n",
                  probe + "127.0.0.1:" + port + " > /tmp/loopback.out",
                  probe + "10.0.2.2:" + port + " > /tmp/gateway.out",
                  "cat /etc/resolv.conf > /tmp/resolv.out",
                  // The package mirror, as a RUN line reaches it.
                  "apt-get update -qq > /tmp/apt.out 2>&1; echo $? >> /tmp/apt.out",
                  ""));
      Map<String, String> files = ImageRunTest.contents(layers.get(0));
      assertThat(files.get("tmp/loopback.out")).isEqualTo("refused\n");
      assertThat(files.get("tmp/gateway.out")).isEqualTo("refused\n");
      assertThat(accepted).hasValue(0);
      assertThat(files.get("tmp/apt.out")).endsWith("0\n");
      assertThat(files.get("tmp/resolv.out")).contains("nameserver");

      // The host's network, when the platform chooses it, reaches the host's loopback.
      List<RunLayer> host =
          run(settings(RunNetwork.HOST), probe + "127.0.0.1:" + port + " > /tmp/host.out\n");
      assertThat(ImageRunTest.contents(host.get(0)).get("tmp/host.out")).isEqualTo("connected\n");

      // No network at all.
      List<RunLayer> none =
          run(
              settings(RunNetwork.NONE),
              probe
                  + "127.0.0.1:"
                  + port
                  + " > /tmp/none.out\n"
                  + "apt-get update -qq > /tmp/apt.out 2>&1; echo $? >> /tmp/apt.out\n");
      assertThat(ImageRunTest.contents(none.get(0)).get("tmp/none.out")).isEqualTo("refused\n");
      assertThat(ImageRunTest.contents(none.get(0)).get("tmp/apt.out")).contains("Failed to fetch");
      assertThat(accepted).hasValue(1);
    }
  }

  @Test
  void backgroundProcessesEndWithTheStepAndATimeOutEndsThemAll() throws Exception {
    run(
        settings(RunNetwork.NONE),
        "setsid sleep 7123 > /dev/null 2>&1 < /dev/null &\n"
            + "nohup sleep 8"
            + marker.length()
            + "00 > /dev/null 2>&1 &\necho started\n");
    assertNoStepProcessLeft();

    RunSettings quick =
        new RunSettings(
            Sandbox.Mode.AUTO,
            true,
            Duration.ofSeconds(3),
            16L << 30,
            RunNetwork.NONE,
            RunSettings.DEFAULT_MAX_MEMORY,
            RunSettings.DEFAULT_MAX_PROCESSES);
    long started = System.nanoTime();
    assertThatThrownBy(() -> run(quick, "setsid sleep 600 &\ntrap '' TERM INT\nsleep 600\n"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("did not finish within 3 s");
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(60);
    assertNoStepProcessLeft();
  }

  @Test
  void memoryAndProcessesAreLimited() throws Exception {
    RunSettings small =
        new RunSettings(
            Sandbox.Mode.AUTO,
            true,
            Duration.ofMinutes(2),
            16L << 30,
            RunNetwork.NONE,
            128L << 20,
            64);
    assertThatThrownBy(
            () -> run(small, "perl -e '$x = \"x\" x (512 * 1024 * 1024); print length $x'\n"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("image-env failed with exit code");
    List<RunLayer> layers =
        run(
            small,
            String.join(
                "\n",
                "(i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done) 2> /tmp/fork.out",
                "echo $? > /tmp/exit.out",
                ""));
    Map<String, String> files = ImageRunTest.contents(layers.get(0));
    assertThat(files.get("tmp/fork.out")).contains("fork");
    assertThat(files.get("tmp/exit.out")).isEqualTo("2\n");
    assertNoStepProcessLeft();
  }

  // No process of a step is left on the host, and no work directory of this JVM.
  private void assertNoStepProcessLeft() throws Exception {
    TimeUnit.MILLISECONDS.sleep(200);
    List<String> left =
        HostProcesses.commandLines().stream()
            .filter(line -> line.matches("sleep (600|30|7123|8" + marker.length() + "00)"))
            .toList();
    assertThat(left).isEmpty();
    try (var work = Files.list(Path.of("/var/tmp/paas-sandbox"))) {
      String self = ProcessHandle.current().pid() + " ";
      assertThat(
              work.filter(
                  p -> {
                    try {
                      return Files.readString(p.resolve("owner")).startsWith(self);
                    } catch (IOException e) {
                      return false;
                    }
                  }))
          .isEmpty();
    }
  }
}
