package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that does not run as root: the same run, from a JVM started as {@code nobody}, goes
 * through the runtime's rootless mode, and of the build's environment only the proxy settings reach
 * the script. (The build machines run as root, so the test drops to {@code nobody} with {@code
 * setpriv}; the class path is copied where that user can read it.)
 */
class UnprivilegedRunTest {
  static final int NOBODY = 65534;

  @TempDir Path dir;

  @Test
  void aBuildThatIsNotRootRunsTheScriptInAUserNamespace() throws Exception {
    ProcessBuilder builder = asNobody(UnprivilegedRunMain.class);
    // A proxy setting reaches the script, as in a Dockerfile RUN; nothing else of the host does.
    builder.environment().put("https_proxy", "http://proxy.example:3128");
    builder.environment().put("BUILD_SECRET", "host-only");
    String output = run(builder);

    assertThat(output)
        .contains(
            "sandbox: rootless (root alone",
            "[image-env] chown refused",
            "FILE opt/new=unprivileged",
            "FILE opt/uid=0",
            "ENTRY opt/.wh.gone",
            // Created by root inside the namespace, that is nobody outside: root in the layer.
            "ENTRY opt/new uid=0 gid=0",
            "FILE opt/env=http://proxy.example:3128 none",
            // Changed, not made anew: it keeps the owner the base's layer gave it.
            "ENTRY opt/owned uid=100 gid=101");
  }

  // The root file system's handles work for a user who may not read or search its own files:
  // modes are changed and trees deleted all the same.
  @Test
  void anUnprivilegedBuildChangesAndDeletesWhatItMayNotRead() throws Exception {
    String output = run(asNobody(UnprivilegedRootFsMain.class));
    assertThat(output).contains("MODE 640", "DELETED true");
  }

  private ProcessBuilder asNobody(Class<?> main) throws Exception {
    return asUser(dir, NOBODY, NOBODY, main);
  }

  /**
   * A JVM of {@code main} run as {@code uid}, with this class path and {@code dir}/work as
   * argument.
   */
  static ProcessBuilder asUser(Path dir, int uid, int gid, Class<?> main, String... more)
      throws Exception {
    assertThat(Files.isExecutable(Path.of("/usr/bin/setpriv"))).as("setpriv (util-linux)").isTrue();
    Files.setAttribute(dir, "unix:mode", 0755);
    List<String> classPath = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      Path copy = dir.resolve("cp").resolve(i++ + (Files.isDirectory(source) ? "" : ".jar"));
      copyReadable(source, copy);
      classPath.add(copy.toString());
    }
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.setAttribute(work, "unix:uid", uid);
    Files.setAttribute(work, "unix:gid", gid);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/setpriv",
                "--reuid=" + uid,
                "--regid=" + gid,
                // This machine's /dev/net/tun is root's alone (0600), so slirp4netns cannot serve a
                // rootless step.
                "--clear-groups",
                java,
                "-Dpaas.test.network=none",
                "-cp",
                String.join(File.pathSeparator, classPath),
                main.getName(),
                work.toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  static String run(ProcessBuilder builder) throws Exception {
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static void copyReadable(Path source, Path target) throws Exception {
    Files.createDirectories(target.getParent());
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setAttribute(to, "unix:mode", Files.isDirectory(path) ? 0755 : 0644);
      }
    }
    Files.setAttribute(target.getParent(), "unix:mode", 0755);
  }
}
