package dev.paas.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real, runnable image in a few hundred kilobytes: Debian's static busybox with its applets
 * linked, an {@code /etc/os-release} of the chosen distribution, and a few files to change.
 */
public final class BusyboxImage {
  static final Path BUSYBOX = Path.of("/bin/busybox");
  static final List<String> APPLETS =
      List.of(
          "sh", "cat", "ls", "rm", "mkdir", "chmod", "chown", "ln", "touch", "id", "env", "echo",
          "mknod", "mv", "sleep", "date", "grep", "true", "false");

  private BusyboxImage() {}

  public static OciFixtures.Image image(String osReleaseId) {
    if (!Files.isExecutable(BUSYBOX)) {
      throw new IllegalStateException(
          BUSYBOX
              + " is missing: run scripts/install-tools.sh "
              + "(Debian package busybox-static)");
    }
    TarLayer system = new TarLayer().dir("bin", 0755).hostFile("bin/busybox", BUSYBOX, 0755);
    APPLETS.forEach(applet -> system.symlink("bin/" + applet, "busybox"));
    system
        .dir("etc", 0755)
        .file("etc/os-release", "NAME=\"Test\"\nID=" + osReleaseId + "\n")
        .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
        .file("etc/resolv.conf", "nameserver 192.0.2.53\n")
        .dir("proc", 0555)
        .dir("dev", 0755)
        .dir("tmp", 01777)
        .dir("root", 0700)
        .dir("opt", 0755)
        .file("opt/keep", "keep\n")
        .file("opt/gone", "gone\n")
        .file("opt/mode", "mode\n")
        .file("opt/owned", "owned\n".getBytes(), 0640, 100, 101)
        .dir("opt/dir", 0755)
        .file("opt/dir/a", "a\n")
        .file("opt/dir/b", "b\n");
    return OciFixtures.image(system.layer());
  }
}
