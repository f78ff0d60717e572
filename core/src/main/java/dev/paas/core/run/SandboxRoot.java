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
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a step needs in the root file system while it runs, and takes away afterwards so none of it
 * reaches the layer. The step's files, its script and the host's {@code resolv.conf} and {@code
 * hosts} are copies outside the root, bound in by the runtime; in the root there are only the mount
 * points, which stand in for whatever the image had there until the step ends.
 *
 * <p>Taking them away runs after untrusted code changed the file system: every path is resolved
 * again inside the root then ({@link RootPath}), so a link the step planted leads nowhere else.
 */
final class SandboxRoot implements AutoCloseable {
  static final String FILES = ".paas";
  static final String CONTROL = ".paas-run";
  static final String SCRIPT = CONTROL + "/script.sh";

  /** An APT configuration for the rootless mode, named by {@code APT_CONFIG}. */
  static final String APT_CONFIG = CONTROL + "/apt.conf";

  /** Directories the runtime mounts over, which must be directories of the root. */
  static final List<String> MOUNT_POINTS = List.of("proc", "dev");

  /** What never goes into a layer: the mount points, {@code /sys}, the files the sandbox adds. */
  static final Set<String> ALWAYS_EXCLUDED = Set.of("proc", "dev", "sys", FILES, CONTROL);

  /** The host's files that stand in for the image's own while a step runs, as in a Docker RUN. */
  static final List<String> HOST_NETWORK_FILES = List.of("resolv.conf", "hosts");

  private final RootFs fs;
  private final Path work;
  private final Owners.Mapping mapping;
  private final Deque<Restore> restores = new ArrayDeque<>();
  private final Set<String> excluded = new LinkedHashSet<>(ALWAYS_EXCLUDED);
  private final List<OciBundle.Bind> binds = new ArrayList<>();
  private RootFs aside;

  @FunctionalInterface
  private interface Restore {
    void run() throws IOException, PaasException;
  }

  /**
   * @param fs the image's file system, by handle
   * @param work a directory outside the root for the copies and for what the image had at the mount
   *     points
   * @param mapping the step's ids: the copies belong to its root
   */
  SandboxRoot(RootFs fs, Path work, Owners.Mapping mapping) {
    this.fs = fs;
    this.work = work;
    this.mapping = mapping;
  }

  Path root() {
    return fs.root();
  }

  /** The relative names whose changes never go into a layer. */
  Set<String> excluded() {
    return excluded;
  }

  /** What the runtime binds into the root. */
  List<OciBundle.Bind> binds() {
    return binds;
  }

  /**
   * @param hostEtc where the host's {@link #HOST_NETWORK_FILES} are ({@code /etc})
   * @param network the step's network, which decides the name servers it is given
   */
  void prepare(String script, Optional<Path> files, Path hostEtc, RunNetwork network)
      throws PaasException {
    try {
      Path stage = Files.createDirectories(work.resolve("stage"));
      aside =
          RootFs.open(Files.createDirectories(work.resolve("aside")), RootFs.MissingParents.FAIL);
      for (String mountPoint : MOUNT_POINTS) {
        if (!fs.entry(mountPoint).lstat().map(FileStat::isDirectory).orElse(false)) {
          mountPoint(mountPoint);
        }
      }
      mountPoint(FILES);
      if (files.isPresent()) {
        Path copy = stage.resolve("files");
        copyTree(files.get(), copy);
        bind(copy, FILES);
      }
      mountPoint(CONTROL);
      Path control = Files.createDirectory(stage.resolve("control"));
      Files.writeString(control.resolve("script.sh"), script, StandardCharsets.UTF_8);
      Files.setAttribute(control.resolve("script.sh"), "unix:mode", 0755);
      Files.writeString(control.resolve("apt.conf"), aptConfig());
      bind(control, CONTROL);
      networkFiles(hostEtc, stage, network);
    } catch (IOException e) {
      throw new PaasException(
          "Cannot prepare the sandbox in " + fs.root() + ": " + e.getMessage(), e);
    }
  }

  // Without root only one user exists: apt cannot drop its downloads to the _apt user, so they
  // run as root. The image's own main configuration still applies.
  private String aptConfig() throws IOException {
    String config = "APT::Sandbox::User \"root\";\n";
    if (fs.stat("etc/apt/apt.conf").map(FileStat::isRegularFile).orElse(false)) {
      config = "#include \"/etc/apt/apt.conf\";\n" + config;
    }
    return config;
  }

  // Copies of the host's files are bound over empty stand-ins, so names resolve as on the host
  // (as in a Dockerfile RUN); the image's own files wait aside, and the host's are never written.
  private void networkFiles(Path hostEtc, Path stage, RunNetwork network)
      throws IOException, PaasException {
    if (!fs.stat("etc").map(FileStat::isDirectory).orElse(false)) {
      return;
    }
    String etcName;
    try (RootEntry probe = fs.entry("etc/resolv.conf")) {
      String real = probe.realName();
      etcName = real.contains("/") ? real.substring(0, real.lastIndexOf('/')) : "";
    }
    FileTime etcModified;
    try (RootEntry etc = fs.entry(etcName)) {
      etcModified = etc.lstat().orElseThrow().modified();
    }
    restores.push(
        () -> {
          try (RootEntry etc = fs.entry(etcName)) {
            if (etc.lstat().map(FileStat::isDirectory).orElse(false)) {
              etc.setModified(etcModified);
            }
          }
        });
    Path copies = Files.createDirectory(stage.resolve("etc"));
    for (String file : HOST_NETWORK_FILES) {
      String name = etcName.isEmpty() ? file : etcName + "/" + file;
      excluded.add(name);
      Path host = hostEtc.resolve(file);
      String text =
          Files.isReadable(host) ? Files.readString(host, StandardCharsets.ISO_8859_1) : "";
      if (file.equals("resolv.conf")) {
        text = SandboxNetwork.resolvConf(network, text);
      }
      Path copy = Files.writeString(copies.resolve(file), text, StandardCharsets.ISO_8859_1);
      standIn(name);
      try (RootEntry standIn = fs.entry(name);
          NewFile empty = standIn.createFile()) {
        empty.setOwner(mapping.uid(), mapping.gid());
        empty.setMode(0644);
      }
      bind(copy, name);
    }
  }

  private void bind(Path copy, String name) throws IOException {
    ownTree(copy);
    binds.add(new OciBundle.Bind(copy, "/" + name));
  }

  // A directory of the root's own in place of what the image has at {@code name}.
  private void mountPoint(String name) throws IOException {
    standIn(name);
    try (RootEntry dir = fs.entry(name)) {
      dir.mkdir(0755);
      dir.chown(mapping.uid(), mapping.gid());
    }
  }

  // Moves what the image has at a name aside, out of the root, and puts it back afterwards
  // (deleting what the step left there). Both run through handles: after the step the name is
  // resolved again inside the root, whatever links the step planted, and where its directory is
  // gone, what waits aside stays there.
  private void standIn(String name) throws IOException {
    String saved = Integer.toString(restores.size());
    boolean existed;
    try (RootEntry entry = fs.entry(name);
        RootEntry place = aside.entry(saved)) {
      existed = entry.lstat().isPresent();
      if (existed) {
        entry.renameTo(place);
      }
    }
    restores.push(
        () -> {
          RootEntry now;
          try {
            now = fs.entry(name);
          } catch (RootFs.Failure gone) {
            return;
          }
          try (now;
              RootEntry place = aside.entry(saved)) {
            now.delete();
            if (existed) {
              place.renameTo(now);
            }
          }
        });
  }

  private void own(Path path) throws IOException {
    Files.setAttribute(path, "unix:uid", mapping.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", mapping.gid(), LinkOption.NOFOLLOW_LINKS);
  }

  private void ownTree(Path top) throws IOException {
    if (Sandbox.currentUid() != 0) {
      return;
    }
    Files.walkFileTree(
        top,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            own(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            own(file);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                dir,
                to.resolve(from.relativize(dir).toString()),
                StandardCopyOption.COPY_ATTRIBUTES);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                StandardCopyOption.COPY_ATTRIBUTES,
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
      throw new PaasException(
          "Cannot clean up the sandbox in " + fs.root() + ": " + e.getMessage(), e);
    } finally {
      if (aside != null) {
        aside.close();
      }
    }
  }
}
