package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.paas.core.run.RootFs.Failure;
import dev.paas.core.run.RootFs.MissingParents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of {@link RootFs} on every kind of entry, and the ways out a hostile tree offers
 * for each: links in parent directories (absolute and relative), {@code ..} chains, magic links,
 * and a link as the last component. After each, the sentinel outside the root is as it was.
 */
class RootFsTest {
  static final FileTime TIME = FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z"));

  @TempDir Path work;
  Path root;
  OutsideSentinel sentinel;
  RootFs fs;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(work.resolve("root"));
    sentinel = OutsideSentinel.create(work.resolve("outside"));
    fs = RootFs.open(root, MissingParents.CREATE);
    // The ways out: links in the root to the sentinel, to its file, and through /proc.
    Files.createSymbolicLink(root.resolve("abs"), sentinel.dir());
    Files.createSymbolicLink(root.resolve("rel"), Path.of("../outside"));
    Files.createSymbolicLink(
        root.resolve("deep"), Path.of("../../../../../../../../.." + sentinel.dir()));
    Files.createSymbolicLink(root.resolve("magic"), Path.of("/proc/self/root" + sentinel.dir()));
    Files.createSymbolicLink(root.resolve("victim"), sentinel.victim());
    Files.createSymbolicLink(root.resolve("victimRel"), Path.of("../outside/victim"));
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
    try (Stream<Path> paths = Files.list(work)) {
      assertThat(paths.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("root", "outside");
    }
    sentinel.assertUnchanged();
  }

  /** The names that would reach the sentinel's file if resolved as path strings on the host. */
  private List<String> waysOut() {
    return List.of(
        "abs/victim",
        "rel/victim",
        "deep/victim",
        "magic/victim",
        "../outside/victim",
        "../../../../.." + sentinel.victim(),
        sentinel.victim().toString(),
        "abs/x/inner",
        "abs/x/../victim");
  }

  @Test
  void createsDirectoriesFilesLinksAndHardLinks() throws Exception {
    fs.newEntry("etc").mkdir(0700);
    try (RootEntry file = fs.newEntry("etc/passwd");
        NewFile out = file.createFile()) {
      out.write("root:x:0:0\n".getBytes(StandardCharsets.UTF_8));
      out.setOwner(1000, 1001);
      out.setMode(04755);
      out.setModified(TIME);
    }
    try (RootEntry link = fs.newEntry("etc/link")) {
      link.symlink("passwd");
    }
    try (RootEntry hard = fs.newEntry("hard");
        RootEntry existing = fs.entry("etc/passwd")) {
      hard.linkTo(existing);
    }

    assertThat(root.resolve("etc/passwd")).hasContent("root:x:0:0");
    assertThat(Files.getAttribute(root.resolve("etc/passwd"), "unix:mode")).isEqualTo(0104755);
    assertThat(Files.getAttribute(root.resolve("etc/passwd"), "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(root.resolve("etc/passwd"), "unix:gid")).isEqualTo(1001);
    assertThat(Files.getLastModifiedTime(root.resolve("etc/passwd"))).isEqualTo(TIME);
    assertThat(Files.getAttribute(root.resolve("etc/passwd"), "unix:nlink")).isEqualTo(2);
    assertThat(Files.readSymbolicLink(root.resolve("etc/link"))).isEqualTo(Path.of("passwd"));
    try (RootEntry etc = fs.entry("etc");
        RootEntry link = fs.entry("etc/link")) {
      FileStat dir = etc.lstat().orElseThrow();
      assertThat(dir.isDirectory()).isTrue();
      assertThat(dir.permissions()).isEqualTo(0700 & ~umask());
      assertThat(link.lstat().orElseThrow().isSymbolicLink()).isTrue();
      assertThat(link.readLink()).isEqualTo("passwd");
    }
    assertThat(fs.stat("etc/link").orElseThrow().isRegularFile()).isTrue();
    assertThat(fs.stat("nothing")).isEmpty();
    try (RootEntry nothing = fs.entry("nothing")) {
      assertThat(nothing.lstat()).isEmpty();
    }
  }

  @Test
  void missingParentsAreMadeOrRefusedAsAsked() throws Exception {
    Files.writeString(root.resolve("file"), "in the way");
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("/made/by/link"));
    fs.newEntry("a/b/c").mkdir(0755);
    fs.newEntry("file/d").mkdir(0755);
    fs.newEntry("dangling/e").mkdir(0755);
    assertThat(root.resolve("a/b/c")).isDirectory();
    assertThat(Files.getAttribute(root.resolve("a/b"), "unix:mode")).isEqualTo(040755 & ~umask());
    assertThat(root.resolve("file/d")).isDirectory();
    assertThat(root.resolve("made/by/link/e")).isDirectory();
    assertThat(Files.isSymbolicLink(root.resolve("dangling"))).isTrue();

    try (RootFs strict = RootFs.open(root, MissingParents.FAIL)) {
      assertThatThrownBy(() -> strict.newEntry("x/y/z"))
          .isInstanceOfSatisfying(
              Failure.class,
              e -> {
                assertThat(e.errno()).isEqualTo(Libc.ENOENT);
                assertThat(e.name()).isEqualTo("x/y/z");
                assertThat(e)
                    .hasMessage("Cannot create /x/y/z: No such file or directory (errno 2)");
              });
    }
    assertThat(root.resolve("x")).doesNotExist();
  }

  @Test
  void creatingAFileNeverFollowsWhatIsThere() throws Exception {
    Files.createSymbolicLink(root.resolve("toNew"), sentinel.dir().resolve("new"));
    for (String name : List.of("victim", "victimRel", "toNew", "abs")) {
      try (RootEntry entry = fs.newEntry(name)) {
        assertThatThrownBy(entry::createFile)
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isEqualTo(Libc.EEXIST));
        assertThatThrownBy(() -> entry.mkdir(0777))
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isEqualTo(Libc.EEXIST));
        assertThatThrownBy(() -> entry.symlink("/etc"))
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isEqualTo(Libc.EEXIST));
      }
    }
  }

  @Test
  void aLinkAsTheLastComponentIsActedOnNeverFollowed() throws Exception {
    for (String name : List.of("victim", "victimRel", "abs", "magic")) {
      try (RootEntry entry = fs.entry(name)) {
        assertThatThrownBy(() -> entry.chmod(06777))
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class,
                e -> {
                  assertThat(e.errno()).isEqualTo(Libc.ELOOP);
                  assertThat(e).hasMessageContaining("it is not a regular file or directory");
                });
        assertThatThrownBy(entry::openRegular)
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isEqualTo(Libc.ELOOP));
        entry.chown(1234, 5678);
        entry.setModified(TIME);
        assertThat(entry.lstat().orElseThrow().uid()).isEqualTo(1234);
        assertThat(entry.lstat().orElseThrow().modified()).isEqualTo(TIME);
        try (RootEntry hard = fs.newEntry("hard-" + name)) {
          assertThatThrownBy(() -> hard.linkTo(entry))
              .as(name)
              .isInstanceOfSatisfying(
                  Failure.class, e -> assertThat(e.errno()).isEqualTo(Libc.EPERM));
        }
        entry.delete();
        assertThat(entry.lstat()).isEmpty();
      }
    }
  }

  @Test
  void everyOperationThroughAWayOutStaysInside() throws Exception {
    Object victimInode = Files.getAttribute(sentinel.victim(), "unix:ino");
    for (String name : waysOut()) {
      Files.writeString(root.resolve("spare"), "spare");
      attempt(name, true, entry -> entry.mkdir(0777));
      attempt(
          name + "-new",
          true,
          entry -> {
            try (NewFile out = entry.createFile()) {
              out.write("pwned".getBytes(StandardCharsets.UTF_8));
            }
          });
      attempt(name + "-link", true, entry -> entry.symlink("/etc/shadow"));
      attempt(name, false, entry -> entry.chmod(06777));
      attempt(name, false, entry -> entry.chown(1, 1));
      attempt(name, false, entry -> entry.setModified(TIME));
      attempt(
          name,
          false,
          entry -> {
            try (InputStream in = entry.openRegular()) {
              assertThat(in.readAllBytes())
                  .isNotEqualTo("untouched".getBytes(StandardCharsets.UTF_8));
            }
          });
      attempt(
          "hard",
          true,
          hard -> {
            try (RootEntry existing = fs.entry(name)) {
              hard.linkTo(existing);
            }
          });
      attempt(name, false, RootEntry::delete);
      attempt(() -> fs.deleteChildren(name.substring(0, name.lastIndexOf('/')), child -> false));
      attempt(() -> fs.rename(name, "stolen"));
      attempt(() -> fs.rename("spare", name));
      attempt(() -> fs.makeDirectories(name + "/sub"));
      assertThat(fs.stat(name).map(FileStat::inode).orElse(-1L)).as(name).isNotEqualTo(victimInode);
      sentinel.assertUnchanged();
    }
    // What was made through the links, was made inside.
    assertThat(root.resolve(sentinel.dir().toString().substring(1))).isDirectory();
  }

  @Test
  void magicLinksAreRefused() throws Exception {
    try (RootFs proc = RootFs.open(Path.of("/proc/self"), MissingParents.FAIL)) {
      for (String name :
          List.of("root" + sentinel.victim(), "cwd/x", "root/" + work + "/outside/x/inner")) {
        assertThatThrownBy(() -> proc.stat(name))
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isIn(Libc.ELOOP, Libc.EXDEV));
        assertThatThrownBy(() -> proc.entry(name).chmod(0777))
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isIn(Libc.ELOOP, Libc.EXDEV));
        assertThatThrownBy(() -> proc.newEntry(name + "-new").createFile())
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isIn(Libc.ELOOP, Libc.EXDEV));
      }
    }
  }

  @Test
  void changesModesOwnersAndTimesOfFilesAndDirectories() throws Exception {
    Files.createDirectory(root.resolve("dir"));
    Files.writeString(root.resolve("dir/file"), "f");
    for (String name : List.of("dir", "dir/file")) {
      try (RootEntry entry = fs.entry(name)) {
        entry.chown(77, 88);
        entry.chmod(06751);
        entry.setModified(TIME);
        FileStat stat = entry.lstat().orElseThrow();
        assertThat(stat.permissions()).as(name).isEqualTo(06751);
        assertThat(stat.uid()).isEqualTo(77);
        assertThat(stat.gid()).isEqualTo(88);
        assertThat(stat.modified()).isEqualTo(TIME);
      }
    }
    try (InputStream in = fs.entry("dir/file").openRegular()) {
      assertThat(in.readAllBytes()).isEqualTo("f".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void devicesFifosAndDirectoriesAreNeitherOpenedNorChanged() throws Exception {
    assumeThat(System.getProperty("user.name")).isEqualTo("root");
    run("mkfifo", root.resolve("fifo").toString());
    run("mknod", root.resolve("null").toString(), "c", "1", "3");
    Files.createDirectory(root.resolve("dir"));
    for (String name : List.of("fifo", "null", "dir")) {
      try (RootEntry entry = fs.entry(name)) {
        assertThatThrownBy(entry::openRegular)
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e).hasMessageContaining("not a regular file"));
        try (RootEntry hard = fs.newEntry("hard-" + name)) {
          assertThatThrownBy(() -> hard.linkTo(entry)).as(name).isInstanceOf(Failure.class);
        }
      }
    }
    for (String name : List.of("fifo", "null")) {
      try (RootEntry entry = fs.entry(name)) {
        assertThatThrownBy(() -> entry.chmod(0666))
            .as(name)
            .isInstanceOfSatisfying(
                Failure.class, e -> assertThat(e.errno()).isEqualTo(Libc.EPERM));
        entry.delete();
      }
    }
    assertThat(root.resolve("fifo")).doesNotExist();
    assertThat(root.resolve("null")).doesNotExist();
  }

  @Test
  void deletesTreesWithoutPermissionsAndDeeperThanAPathCanName() throws Exception {
    Files.createDirectories(root.resolve("t/closed/inner"));
    Files.writeString(root.resolve("t/closed/inner/f"), "f");
    Files.createSymbolicLink(root.resolve("t/out"), sentinel.dir());
    Files.setAttribute(root.resolve("t/closed/inner"), "unix:mode", 0);
    Files.setAttribute(root.resolve("t/closed"), "unix:mode", 0555);
    // Two chains of 1500 directories, one moved to the bottom of the other: 3000 deep, a name
    // of 6000 characters, which no path string can reach.
    String chain = "d/".repeat(1500);
    fs.makeDirectories("t/p/" + chain);
    fs.makeDirectories("q/" + chain);
    fs.newEntry("q/" + chain + "file").createFile().close();
    fs.rename("q", "t/p/" + chain + "q");

    fs.entry("t").delete();
    assertThat(root.resolve("t")).doesNotExist();
  }

  @Test
  void deletesChildrenExceptTheKeptOnesAndNothingThroughALink() throws Exception {
    Files.createDirectories(root.resolve("dir/sub"));
    Files.writeString(root.resolve("dir/keep"), "k");
    Files.writeString(root.resolve("dir/drop"), "d");
    Files.createSymbolicLink(root.resolve("dir/out"), sentinel.dir());
    fs.deleteChildren("dir", Set.of("keep")::contains);
    try (Stream<Path> left = Files.list(root.resolve("dir"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("keep");
    }
    fs.deleteChildren("abs", child -> false);
    fs.deleteChildren("nothing", child -> false);
  }

  @Test
  void renamesInsideTheRoot() throws Exception {
    Files.writeString(root.resolve("a"), "a");
    Files.createDirectory(root.resolve("dir"));
    fs.rename("a", "dir/b");
    assertThat(root.resolve("dir/b")).hasContent("a");
    fs.rename("victim", "dir/link");
    assertThat(Files.readSymbolicLink(root.resolve("dir/link"))).isEqualTo(sentinel.victim());
  }

  @Test
  void deleteTreeOfAPathDeletesALinkNotItsTarget() throws Exception {
    Path link = work.resolve("root/linkToOutside");
    Files.createSymbolicLink(link, sentinel.dir());
    TreeRemoval.deleteTree(link);
    assertThat(link).doesNotExist();
    TreeRemoval.deleteTree(work.resolve("root/nothing"));
    Files.createDirectories(work.resolve("root/tree/a/b"));
    Files.createSymbolicLink(work.resolve("root/tree/a/out"), sentinel.dir());
    TreeRemoval.deleteTree(work.resolve("root/tree"));
    assertThat(work.resolve("root/tree")).doesNotExist();
  }

  @Test
  void namesThatNameNothingToActOnAreRefused() {
    for (String name : List.of("", "/", ".", "a/..", "..", "a\0b")) {
      assertThatThrownBy(() -> fs.entry(name))
          .as(name)
          .isInstanceOfSatisfying(Failure.class, e -> assertThat(e.errno()).isEqualTo(Libc.EINVAL));
    }
  }

  @Test
  void theRealNameOfAnEntryResolvesItsParentsLinks() throws Exception {
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    try (RootEntry entry = fs.entry("bin/tool");
        RootEntry top = fs.entry("tool")) {
      assertThat(entry.realName()).isEqualTo("usr/bin/tool");
      assertThat(top.realName()).isEqualTo("tool");
    }
  }

  private interface Attempt {
    void run() throws Exception;
  }

  private interface EntryAttempt {
    void run(RootEntry entry) throws Exception;
  }

  // A hostile attempt may fail (that is the point), but only as RootFs refuses.
  private static void attempt(Attempt attempt) throws Exception {
    try {
      attempt.run();
    } catch (Failure expected) {
      // Refused, or not found inside the root.
    }
  }

  private void attempt(String name, boolean creating, EntryAttempt attempt) throws Exception {
    attempt(
        () -> {
          try (RootEntry entry = creating ? fs.newEntry(name) : fs.entry(name)) {
            attempt.run(entry);
          }
        });
  }

  private int umask() throws Exception {
    Path probe = Files.createDirectory(work.resolve("umask"));
    try {
      return 0777 & ~(Integer) Files.getAttribute(probe, "unix:mode");
    } finally {
      Files.delete(probe);
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }
}
