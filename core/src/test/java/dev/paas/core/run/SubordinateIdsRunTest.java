package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that does not run as root but has subordinate ids ({@code /etc/subuid}): its rootless
 * step's namespace maps them after its root, so the script gives files to other users, and the
 * layer carries those owners and modes (setuid too), while the host's files of the step end up the
 * build user's again, so that its work directory can be deleted. The test makes a user of its own
 * with a range ({@code useradd}, {@code usermod --add-subuids}; the build machines run as root).
 */
class SubordinateIdsRunTest {
  static final String USER = "paas-subids";

  @TempDir Path dir;

  @Test
  void aRootlessStepGivesFilesToOtherUsersOfItsSubordinateRange() throws Exception {
    int[] ids = user();
    String script =
        String.join(
            "\n",
            "set -e",
            "echo one > /opt/other && chown 1000:1001 /opt/other",
            "mkdir -m 700 /opt/private && echo secret > /opt/private/key && chmod 600 /opt/private/key",
            "chown -R 5:6 /opt/private",
            "echo tool > /opt/tool && chown 7:7 /opt/tool && chmod 4750 /opt/tool",
            "echo more >> /opt/owned",
            "ls -ln /opt/private/key",
            "");
    String output =
        UnprivilegedRunTest.run(
            UnprivilegedRunTest.asUser(dir, ids[0], ids[1], UnprivilegedRunMain.class, script));

    assertThat(output)
        .contains(
            "sandbox: rootless (root and subordinate ids ",
            "ENTRY opt/other uid=1000 gid=1001",
            "FILE opt/other=one",
            "ENTRY opt/private/ uid=5 gid=6 mode=700",
            "ENTRY opt/private/key uid=5 gid=6 mode=600",
            "FILE opt/private/key=secret",
            "ENTRY opt/tool uid=7 gid=7 mode=4750",
            // Changed, not made anew, and not given away: it keeps the owner the base's layer gave
            // it.
            "ENTRY opt/owned uid=100 gid=101");
    // Inside, the owner was the subordinate range's, not the build user's root.
    assertThat(output).containsPattern("\\[image-env\\] -rw------- +1 5 +6 ");
    // Nothing of the step is left that the build's user could not delete.
    try (Stream<Path> left = Files.walk(dir.resolve("work"))) {
      assertThat(left.filter(p -> owner(p) != ids[0]).toList()).isEmpty();
    }
  }

  @Test
  void theFilesOfOtherIdsThatAKilledBuildLeftAreDeletedByTheNextBuild() throws Exception {
    int[] ids = user();
    Process build =
        UnprivilegedRunTest.asUser(
                dir,
                ids[0],
                ids[1],
                UnprivilegedRunMain.class,
                "mkdir -m 700 /opt/p && echo x > /opt/p/f && chmod 600 /opt/p/f && chown -R 9:9 /opt/p\n"
                    + "echo started\nsleep 600\n")
            .start();
    try {
      SandboxInterruptTest.awaitStarted(build);
      build.destroyForcibly();
      assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      build.destroyForcibly();
    }
    try (Stream<Path> left = Files.walk(dir.resolve("work"))) {
      assertThat(left.anyMatch(p -> owner(p) != ids[0]))
          .as("the killed step's files of other ids")
          .isTrue();
    }

    String output =
        UnprivilegedRunTest.run(
            UnprivilegedRunTest.asUser(
                dir, ids[0], ids[1], UnprivilegedRunMain.class, "echo next\n"));
    assertThat(output).contains("left by an interrupted build", "[image-env] next");
    try (Stream<Path> left = Files.walk(dir.resolve("work"))) {
      assertThat(left.filter(p -> owner(p) != ids[0]).toList()).isEmpty();
    }
  }

  @Test
  void theFirstRangeOfTheUserByNameOrNumberIsMapped() throws Exception {
    Path subuid =
        Files.writeString(
            dir.resolve("subuid"),
            String.join(
                "\n",
                "# comment",
                "other:100000:65536",
                "builder:0:65536",
                "builder:165536:70000",
                "builder:300000:10",
                ""));
    Path subgid = Files.writeString(dir.resolve("subgid"), "1001:200000:1000\n");
    assertThat(SubordinateIds.of(subuid, subgid, "builder", 1001, "builders", 1001))
        .contains(new SubordinateIds(165536, 200000, 1000));
    assertThat(SubordinateIds.of(subuid, subgid, "nobody", 65534, "nogroup", 65534)).isEmpty();
    // A range that holds the user itself would make it two ids inside: refused.
    Path own = Files.writeString(dir.resolve("own"), "builder:1000:65536\n");
    assertThat(SubordinateIds.of(own, own, "builder", 1001, "builder", 1001)).isEmpty();
  }

  @Test
  void theRecordOfTheResetNamesEntriesWithSpacesAndNewlines() {
    byte[] record = ("5 6 4750 opt/a b\n c\0" + "0 1 755 \0").getBytes(StandardCharsets.UTF_8);
    assertThat(OwnerReset.parse(record))
        .containsExactly(Map.entry("opt/a b\n c", new OwnerReset.Owned(5, 6, 04750)));
  }

  private static int owner(Path path) {
    try {
      return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (Exception e) {
      return -1;
    }
  }

  // The test's user, with a subordinate range, made once per machine.
  private static int[] user() throws Exception {
    if (exec(List.of("id", "-u", USER)) != 0) {
      assertThat(exec(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", USER)))
          .isZero();
    }
    if (!Files.readString(Path.of("/etc/subuid")).contains(USER + ":")) {
      assertThat(
              exec(
                  List.of(
                      "usermod",
                      "--add-subuids",
                      "400000-465535",
                      "--add-subgids",
                      "400000-465535",
                      USER)))
          .isZero();
    }
    int uid = Integer.parseInt(output(List.of("id", "-u", USER)));
    int gid = Integer.parseInt(output(List.of("id", "-g", USER)));
    assertThat(SubordinateIds.of(USER, uid, USER, gid))
        .as("subordinate ids of " + USER)
        .isPresent();
    return new int[] {uid, gid};
  }

  private static int exec(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private static String output(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    String out =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
