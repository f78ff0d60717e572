package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a step needs in the root file system while it runs, and takes away afterwards so none
 * of it reaches the layer: mount points, the {@code .paas} files, the script, and the host's
 * {@code /etc/resolv.conf} and {@code /etc/hosts} in place of the image's.
 */
final class SandboxRoot implements AutoCloseable {
  static final String FILES = ".paas";
  static final String CONTROL = ".paas-run";
  static final String SCRIPT = CONTROL + "/script.sh";
  /** An APT configuration for user namespaces, named by {@code APT_CONFIG}. */
  static final String APT_CONFIG = CONTROL + "/apt.conf";
  /** What never goes into a layer: the mount points, {@code /sys}, the files the sandbox adds. */
  static final Set<String> ALWAYS_EXCLUDED = Set.of("proc", "dev", "sys", FILES, CONTROL);

  private final Path root;
  private final Path aside;
  private final Deque<Restore> restores = new ArrayDeque<>();
  private final Set<String> excluded = new LinkedHashSet<>(ALWAYS_EXCLUDED);

  @FunctionalInterface
  private interface Restore {
    void run() throws IOException;
  }

  /**
   * @param aside a directory outside the root where what the image had at those paths waits
   */
  SandboxRoot(Path root, Path aside) {
    this.root = root;
    this.aside = aside;
  }

  /** The relative names whose changes never go into a layer. */
  Set<String> excluded() {
    return excluded;
  }

  /** The host's files that stand in for the image's own while a step runs, as in a Docker RUN. */
  static final java.util.List<String> HOST_NETWORK_FILES = java.util.List.of("resolv.conf", "hosts");

  /** @param hostEtc where the host's {@link #HOST_NETWORK_FILES} are ({@code /etc}) */
  void prepare(String script, java.util.Optional<Path> files, Path hostEtc) throws PaasException {
    try {
      Files.createDirectories(aside);
      for (String mountPoint : Sandbox.MOUNT_POINTS) {
        Path dir = root.resolve(mountPoint);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          replace(mountPoint);
          Files.createDirectory(dir);
        }
      }
      replace(FILES);
      if (files.isPresent()) {
        copyTree(files.get(), root.resolve(FILES));
      }
      replace(CONTROL);
      Files.createDirectory(root.resolve(CONTROL));
      Files.writeString(root.resolve(SCRIPT), script, StandardCharsets.UTF_8);
      Files.setAttribute(root.resolve(SCRIPT), "unix:mode", 0755);
      Files.writeString(root.resolve(APT_CONFIG), aptConfig());
      networkFiles(hostEtc);
    } catch (IOException e) {
      throw new PaasException("Cannot prepare the sandbox in " + root + ": " + e.getMessage(), e);
    }
  }

  // In a user namespace only root exists: apt cannot drop its downloads to the _apt user, so they
  // run as root. The image's own main configuration still applies.
  private String aptConfig() throws PaasException {
    String config = "APT::Sandbox::User \"root\";\n";
    if (Files.isRegularFile(RootPath.resolve(root, "etc/apt/apt.conf"))) {
      config = "#include \"/etc/apt/apt.conf\";\n" + config;
    }
    return config;
  }

  // The image's own files, whatever they are, wait aside; plain copies of the host's take their
  // place, so names resolve as on the host whose network the step shares (as a Dockerfile RUN
  // with the host network), and the host's files are never written.
  private void networkFiles(Path hostEtc) throws IOException, PaasException {
    Path etc = RootPath.resolve(root, "etc");
    if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    FileTime etcModified = Files.getLastModifiedTime(etc, LinkOption.NOFOLLOW_LINKS);
    restores.push(() -> Files.setLastModifiedTime(etc, etcModified));
    for (String file : HOST_NETWORK_FILES) {
      String name = root.relativize(etc.resolve(file)).toString();
      excluded.add(name);
      replace(name);
      Path host = hostEtc.resolve(file);
      if (Files.isReadable(host)) {
        Files.write(root.resolve(name), Files.readAllBytes(host));
      }
    }
  }

  // Moves what the image has at a path aside, and puts it back (deleting what the step left there).
  private void replace(String name) throws IOException {
    Path path = root.resolve(name);
    Path saved = aside.resolve(Integer.toString(restores.size()));
    boolean existed = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    if (existed) {
      Files.move(path, saved);
    }
    restores.push(() -> {
      LayerApplier.delete(path);
      if (existed) {
        Files.move(saved, path);
      }
    });
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.copy(dir, to.resolve(from.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Takes everything away again, last first. */
  @Override
  public void close() throws PaasException {
    try {
      while (!restores.isEmpty()) {
        restores.pop().run();
      }
    } catch (IOException e) {
      throw new PaasException("Cannot clean up the sandbox in " + root + ": " + e.getMessage(), e);
    }
  }
}
