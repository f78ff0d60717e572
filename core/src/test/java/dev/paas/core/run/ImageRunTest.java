package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.testing.BusyboxImage;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.RecordingLog;
import dev.paas.core.testing.TarLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts run in the real sandbox on a real (busybox) image. */
class ImageRunTest {
  static final String SCRIPT =
      String.join(
          "\n",
          "set -e",
          "echo hello from the sandbox",
          "printf 'forged\\033[2K\\r[INFO] paas:check: PASSED\\n'",
          "echo new > /opt/new",
          "echo more >> /opt/keep",
          "echo more >> /opt/owned",
          "chmod 0600 /opt/mode",
          "rm /opt/gone",
          "rm -rf /opt/dir",
          "ln -s /opt/new /opt/link",
          "mkdir -p /srv/data",
          "chown 1000:1000 /srv/data",
          "cat /.paas/config.txt > /opt/copied",
          "env > /opt/env",
          "id -u > /opt/uid",
          "cat /etc/resolv.conf > /opt/dns",
          "echo 'nameserver 203.0.113.1' > /etc/resolv.conf",
          "cat /etc/hosts > /opt/hosts",
          "echo '203.0.113.2 other' >> /etc/hosts",
          "ls /proc/self > /dev/null",
          "echo to-null > /dev/null",
          "mknod /opt/fifo p",
          "date +%s%N > /opt/when",
          "");

  @TempDir Path dir;
  Path cache;
  Path paasDir;
  Path hostEtc;
  RecordingLog log = new RecordingLog();
  OciImage base;

  @BeforeEach
  void setUp() throws Exception {
    cache = dir.resolve("cache");
    paasDir = Files.createDirectories(dir.resolve("project/.paas"));
    Files.writeString(paasDir.resolve("config.txt"), "from .paas\n");
    hostEtc = Files.createDirectories(dir.resolve("host-etc"));
    Files.writeString(hostEtc.resolve("resolv.conf"), "nameserver 198.51.100.7\n");
    Files.writeString(
        hostEtc.resolve("hosts"), "127.0.0.1 localhost\n198.51.100.9 mirror.internal\n");
    base =
        OciImage.open(
            ImageReference.parse(
                "oci:" + OciFixtures.ociDir(BusyboxImage.image("alpine"), dir.resolve("base")),
                "base"));
  }

  private ImageRun run(RunSettings settings) {
    return new ImageRun(cache, settings, hostEtc, log);
  }

  private static RunSettings settings(Sandbox.Mode mode, boolean refresh) {
    return new RunSettings(mode, refresh, Duration.ofMinutes(2), 1L << 30);
  }

  private RunStep imageEnv(String script) {
    return RunStep.script(
        "image-env",
        script,
        Optional.of(paasDir),
        Map.of("PAAS_ENVIRONMENTS", "test prod", "PAAS_ARTIFACT_ID", "app"));
  }

  @Test
  void whatTheScriptChangesBecomesOneLayerWithWhiteoutsAndNothingOfTheSandbox() throws Exception {
    List<RunLayer> layers =
        run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(imageEnv(SCRIPT)));

    assertThat(layers).hasSize(1);
    Map<String, TarArchiveEntry> entries = entries(layers.get(0));
    assertThat(entries.keySet())
        .contains(
            "opt/new",
            "opt/keep",
            "opt/mode",
            "opt/.wh.gone",
            "opt/.wh.dir",
            "opt/link",
            "srv/",
            "srv/data/",
            "opt/copied",
            "opt/env",
            "opt/dns");
    assertThat(entries.keySet())
        .noneMatch(
            name ->
                name.startsWith("proc/")
                    || name.startsWith("dev/")
                    || name.startsWith(".paas")
                    || name.startsWith("etc/")
                    || name.startsWith("opt/dir/"));
    assertThat(entries).doesNotContainKey("opt/fifo");
    assertThat(entries.get("opt/mode").getMode() & 07777).isEqualTo(0600);
    assertThat(entries.get("opt/link").getLinkName()).isEqualTo("/opt/new");
    assertThat(entries.get("srv/data/").getLongUserId()).isEqualTo(1000);
    assertThat(entries.get("opt/new").getLongUserId()).isZero();
    assertThat(entries.get("opt/owned").getLongUserId()).isEqualTo(100);
    assertThat(entries.get("opt/owned").getLongGroupId()).isEqualTo(101);
    assertThat(entries).doesNotContainKey("opt/gone");

    Map<String, String> files = contents(layers.get(0));
    assertThat(files.get("opt/keep")).isEqualTo("keep\nmore\n");
    assertThat(files.get("opt/copied")).isEqualTo("from .paas\n");
    assertThat(files.get("opt/uid")).isEqualTo("0\n");
    assertThat(files.get("opt/dns")).isEqualTo("nameserver 198.51.100.7\n");
    assertThat(files.get("opt/hosts"))
        .isEqualTo("127.0.0.1 localhost\n198.51.100.9 mirror.internal\n");
    assertThat(files.get("opt/env"))
        .contains(
            "PAAS_ENVIRONMENTS=test prod",
            "PAAS_ARTIFACT_ID=app",
            "PAAS_OS_FAMILY=alpine",
            "PAAS_DIR=/.paas",
            "HOME=/root",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    assertThat(log.lines()).contains("INFO [image-env] hello from the sandbox");
    // A step's output cannot rewrite the log's lines with control characters.
    assertThat(log.lines())
        .contains("INFO [image-env] forged\\u001b[2K\\r[INFO] paas:check: PASSED")
        .noneMatch(l -> l.contains("\u001b") || l.contains("\r"));
    assertThat(log.lines())
        .anyMatch(l -> l.contains("created 1 device node(s), FIFO(s) or socket(s)"));
    assertNoWorkLeft();
  }

  @Test
  void umociAppliesTheLayerToTheImage() throws Exception {
    List<RunLayer> layers =
        run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(imageEnv(SCRIPT)));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(layers.get(0).file()))) {
      assertThat(OciFixtures.sha256(in.readAllBytes())).isEqualTo(layers.get(0).diffId());
    }
    // umoci is a real tool applying layers and whiteouts; the image is tagged through skopeo.
    Path rootfs = umociUnpack(layers.get(0));
    assertThat(rootfs.resolve("opt/new")).hasContent("new");
    assertThat(rootfs.resolve("opt/keep")).hasContent("keep\nmore");
    assertThat(rootfs.resolve("opt/gone")).doesNotExist();
    assertThat(rootfs.resolve("opt/dir")).doesNotExist();
    assertThat(Files.readSymbolicLink(rootfs.resolve("opt/link")).toString()).isEqualTo("/opt/new");
    assertThat(Files.getAttribute(rootfs.resolve("opt/mode"), "unix:mode")).isEqualTo(0100600);
    assertThat(Files.getAttribute(rootfs.resolve("srv/data"), "unix:uid")).isEqualTo(1000);
    assertThat(rootfs.resolve("etc/resolv.conf")).hasContent("nameserver 192.0.2.53");
    assertThat(rootfs.resolve("etc/hosts"))
        .doesNotExist(); // the image has none, and still has none
    assertThat(rootfs.resolve(".paas")).doesNotExist();
    assertThat(rootfs.resolve(".paas-run")).doesNotExist();
    try (Stream<Path> proc = Files.list(rootfs.resolve("proc"))) {
      assertThat(proc).isEmpty();
    }
  }

  @Test
  void aRecreatedDirectoryIsOpaqueAndAChangedTypeReplacesThePath() throws Exception {
    List<RunLayer> layers =
        run(settings(Sandbox.Mode.AUTO, false))
            .layers(
                base,
                List.of(
                    imageEnv(
                        "rm -rf /opt/dir && mkdir /opt/dir && echo c > /opt/dir/c\n"
                            + "rm /opt/keep && mkdir /opt/keep && echo inside > /opt/keep/file\n"
                            + "rm /opt/mode && ln -s keep /opt/mode\n")));
    // The new directory may reuse the old one's inode: then each old child gets a whiteout,
    // otherwise one opaque marker hides them all. Either way umoci must see only the new child.
    assertThat(entries(layers.get(0)).keySet())
        .contains(
            "opt/dir/",
            "opt/dir/c",
            "opt/.wh.keep",
            "opt/keep/",
            "opt/keep/file",
            "opt/.wh.mode",
            "opt/mode");

    Path rootfs = umociUnpack(layers.get(0));
    try (Stream<Path> children = Files.list(rootfs.resolve("opt/dir"))) {
      assertThat(children.map(p -> p.getFileName().toString())).containsExactly("c");
    }
    assertThat(rootfs.resolve("opt/keep/file")).hasContent("inside");
    assertThat(Files.readSymbolicLink(rootfs.resolve("opt/mode")).toString()).isEqualTo("keep");
  }

  @Test
  void aDirectoryMovedAwayAndRecreatedGetsAnOpaqueMarker() throws Exception {
    List<RunLayer> layers =
        run(settings(Sandbox.Mode.AUTO, false))
            .layers(
                base,
                List.of(
                    imageEnv("mv /opt/dir /opt/moved && mkdir /opt/dir && echo n > /opt/dir/n\n")));
    assertThat(entries(layers.get(0)).keySet())
        .contains(
            "opt/dir/",
            "opt/dir/.wh..wh..opq",
            "opt/dir/n",
            "opt/moved/",
            "opt/moved/a",
            "opt/moved/b");
    Path rootfs = umociUnpack(layers.get(0));
    try (Stream<Path> children = Files.list(rootfs.resolve("opt/dir"))) {
      assertThat(children.map(p -> p.getFileName().toString())).containsExactly("n");
    }
    assertThat(rootfs.resolve("opt/moved/a")).hasContent("a");
  }

  private Path umociUnpack(RunLayer layer) throws Exception {
    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(layer.file()))) {
      tar = in.readAllBytes();
    }
    OciFixtures.Layer runLayer = new OciFixtures.Layer(tar, Files.readAllBytes(layer.file()));
    OciFixtures.Image image =
        OciFixtures.image(BusyboxImage.image("alpine").layers().get(0), runLayer);
    Path layout = dir.resolve("layout");
    OciFixtures.ociDir(image, layout);
    exec("skopeo", "copy", "oci:" + layout, "oci:" + dir.resolve("tagged") + ":run");
    Path bundle = dir.resolve("bundle");
    exec("umoci", "unpack", "--image", dir.resolve("tagged") + ":run", bundle.toString());
    return bundle.resolve("rootfs");
  }

  @Test
  void anUnchangedStepIsNeverRunTwiceAndRefreshRunsItAgain() throws Exception {
    RunLayer first =
        run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(imageEnv(SCRIPT))).get(0);
    RecordingLog second = new RecordingLog();
    // The script writes the time in nanoseconds: had it run again, the layer would differ.
    RunLayer again =
        new ImageRun(cache, settings(Sandbox.Mode.AUTO, false), hostEtc, second)
            .layers(base, List.of(imageEnv(SCRIPT)))
            .get(0);
    assertThat(again).isEqualTo(first);
    assertThat(second.lines())
        .noneMatch(l -> l.contains("hello from the sandbox"))
        .anyMatch(l -> l.contains("Using the cached layer of image-env"));

    RunLayer refreshed =
        run(settings(Sandbox.Mode.AUTO, true)).layers(base, List.of(imageEnv(SCRIPT))).get(0);
    assertThat(refreshed.diffId()).isNotEqualTo(first.diffId());
  }

  @Test
  void theKeyCoversTheScriptTheFilesTheVariablesAndTheBase() throws Exception {
    RunCache run = new RunCache(cache);
    String key = keys(run, base.digest(), imageEnv(SCRIPT));
    assertThat(keys(run, base.digest(), imageEnv(SCRIPT))).isEqualTo(key);
    assertThat(keys(run, base.digest(), imageEnv(SCRIPT + "true\n"))).isNotEqualTo(key);
    assertThat(keys(run, "sha256:" + "0".repeat(64), imageEnv(SCRIPT))).isNotEqualTo(key);
    assertThat(
            keys(
                run,
                base.digest(),
                RunStep.script(
                    "image-env",
                    SCRIPT,
                    Optional.of(paasDir),
                    Map.of("PAAS_ENVIRONMENTS", "test", "PAAS_ARTIFACT_ID", "app"))))
        .isNotEqualTo(key);
    assertThat(
            run.keys(
                    base.digest(),
                    List.of(imageEnv(SCRIPT)),
                    Sandbox.Mode.ROOTLESS,
                    RunNetwork.ISOLATED)
                .get(0))
        .isNotEqualTo(key);
    assertThat(
            run.keys(base.digest(), List.of(imageEnv(SCRIPT)), Sandbox.Mode.ROOT, RunNetwork.NONE)
                .get(0))
        .isNotEqualTo(key);
    Files.writeString(paasDir.resolve("config.txt"), "changed\n");
    assertThat(keys(run, base.digest(), imageEnv(SCRIPT))).isNotEqualTo(key);
    Files.writeString(paasDir.resolve("config.txt"), "from .paas\n");
    Files.setAttribute(paasDir.resolve("config.txt"), "unix:mode", 0600);
    assertThat(keys(run, base.digest(), imageEnv(SCRIPT))).isNotEqualTo(key);
  }

  private static String keys(RunCache cache, String baseDigest, RunStep step) throws PaasException {
    return cache.keys(baseDigest, List.of(step), Sandbox.Mode.ROOT, RunNetwork.ISOLATED).get(0);
  }

  @Test
  void stepsStackEachOnTheOneBelowAndTheOsFamilyPicksTheCommand() throws Exception {
    RunStep option =
        new RunStep(
            "option wget",
            Map.of(
                OsFamily.DEBIAN, "echo apt-get > /opt/installer",
                OsFamily.RHEL, "echo yum > /opt/installer",
                OsFamily.ALPINE, "echo apk > /opt/installer"),
            Optional.empty(),
            Map.of());
    RunStep imageEnv = imageEnv("cat /opt/installer > /opt/seen-by-image-env\n");
    List<RunLayer> layers =
        run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(option, imageEnv));

    assertThat(layers).extracting(RunLayer::step).containsExactly("option wget", "image-env");
    assertThat(contents(layers.get(0))).containsEntry("opt/installer", "apk\n");
    assertThat(contents(layers.get(1)))
        .containsEntry("opt/seen-by-image-env", "apk\n")
        .doesNotContainKey("opt/installer");

    // Only image-env.sh changes: the option's layer comes from the cache, image-env runs again.
    RecordingLog second = new RecordingLog();
    List<RunLayer> again =
        new ImageRun(cache, settings(Sandbox.Mode.AUTO, false), hostEtc, second)
            .layers(base, List.of(option, imageEnv("echo changed > /opt/changed\n")));
    assertThat(again.get(0)).isEqualTo(layers.get(0));
    assertThat(contents(again.get(1))).containsOnlyKeys("opt/changed");
  }

  @Test
  void filesAloneNeedNoUnpackingAndTheStepsAboveSeeThem() throws Exception {
    RunStep motd =
        new RunStep(
            "option motd",
            Map.of(),
            Optional.empty(),
            Map.of(),
            List.of(new RunStep.AddedFile("/etc/acme/motd", "Welcome\n", 0640)));
    List<RunLayer> alone = run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(motd));

    // No base file system, no sandbox: the layer is the file, the same on every machine.
    assertThat(log.lines()).noneMatch(l -> l.contains("Unpacked the base image"));
    TarArchiveEntry entry = entries(alone.get(0)).get("etc/acme/motd");
    assertThat(entry.getMode() & 07777).isEqualTo(0640);
    assertThat(entry.getModTime().getTime()).isEqualTo(1000);
    assertThat(entry.getLongUserId()).isZero();
    assertThat(contents(alone.get(0))).containsOnly(Map.entry("etc/acme/motd", "Welcome\n"));
    assertThat(alone.get(0).createdBy())
        .isEqualTo("ADD option motd (paas-maven-plugin: 1 file(s))");

    // A step with commands above it runs on the base with that layer applied.
    RunStep reader =
        new RunStep(
            "option reader",
            Map.of(OsFamily.UNKNOWN, "cat /etc/acme/motd > /opt/seen\n"),
            Optional.empty(),
            Map.of());
    List<RunLayer> stacked =
        run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(motd, reader));
    assertThat(stacked.get(0)).isEqualTo(alone.get(0));
    assertThat(contents(stacked.get(1))).containsOnly(Map.entry("opt/seen", "Welcome\n"));
  }

  @Test
  void anOptionsFilesAreInPlaceBeforeItsCommandsRun() throws Exception {
    RunStep step =
        new RunStep(
            "option repo",
            Map.of(OsFamily.UNKNOWN, "cat /etc/repo.conf > /opt/used\n"),
            Optional.empty(),
            Map.of(),
            List.of(new RunStep.AddedFile("/etc/repo.conf", "mirror=internal\n", 0644)));
    List<RunLayer> layers = run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(step));

    assertThat(contents(layers.get(0)))
        .containsEntry("etc/repo.conf", "mirror=internal\n")
        .containsEntry("opt/used", "mirror=internal\n");
  }

  @Test
  void aStepWithoutACommandForTheImagesFamilyNamesWhatItOffers() {
    RunStep rhelOnly =
        new RunStep(
            "option dnf-tools",
            Map.of(OsFamily.RHEL, "dnf install -y x"),
            Optional.empty(),
            Map.of());
    assertThatThrownBy(
            () -> run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(rhelOnly)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "option dnf-tools has no command for the base image's OS family 'alpine'")
        .hasMessageContaining("[rhel]");
  }

  @Test
  void aFailingScriptFailsWithItsLastLinesAndCachesNothing() throws Exception {
    assertThatThrownBy(
            () ->
                run(settings(Sandbox.Mode.AUTO, false))
                    .layers(
                        base,
                        List.of(
                            imageEnv(
                                "echo preparing\necho 'E: Unable to locate package nope' >&2\nexit 100\n"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("image-env failed with exit code 100")
        .hasMessageContaining("| preparing")
        .hasMessageContaining("| E: Unable to locate package nope");
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".lock");
    }
  }

  @Test
  void aScriptThatRunsTooLongIsStopped() {
    RunSettings quick = new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofSeconds(2), 1L << 30);
    assertThatThrownBy(() -> run(quick).layers(base, List.of(imageEnv("echo waiting\nsleep 60\n"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("did not finish within 2 s")
        .hasMessageContaining("paas.run.timeout");
  }

  @Test
  void aShebangPicksTheInterpreterAndAMissingOneIsNamed() throws Exception {
    assertThatThrownBy(
            () ->
                run(settings(Sandbox.Mode.AUTO, false))
                    .layers(base, List.of(imageEnv("#!/bin/bash -e\necho hi\n"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("image-env needs /bin/bash, which the base image does not have")
        .hasMessageContaining("#!/bin/bash");
    List<RunLayer> layers =
        run(settings(Sandbox.Mode.AUTO, false))
            .layers(base, List.of(imageEnv("#!/bin/sh -e\necho \"$0\" > /opt/script\n")));
    assertThat(contents(layers.get(0))).containsEntry("opt/script", "/.paas-run/script.sh\n");
  }

  @Test
  void theRootlessModeIsNotForRoot() {
    assertThatThrownBy(
            () ->
                run(settings(Sandbox.Mode.ROOTLESS, false))
                    .layers(base, List.of(imageEnv("true\n"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("paas.run.sandbox=rootless is for builds that do not run as root");
  }

  @Test
  void withoutASandboxTheErrorNamesTheAlternatives() {
    assertThatThrownBy(() -> Sandbox.choose(Sandbox.Mode.AUTO, List.of("/nonexistent/runc")))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("no sandbox can be made")
        .hasMessageContaining("custom base image that derives from the official base")
        .hasMessageContaining("prebuilt option");
    assertThatThrownBy(() -> Sandbox.Mode.parse("docker"))
        .hasMessageContaining("paas.run.sandbox is 'docker': use auto, root or rootless");
    assertThatThrownBy(() -> Sandbox.Mode.parse("chroot"))
        .hasMessageContaining("a chroot is no boundary");
  }

  @Test
  void aHostileBaseImageFailsTheRunWithoutWritingOutsideItsWorkDirectory() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "untouched");
    OciFixtures.Layer hostile =
        new TarLayer()
            .symlink("escape", dir.toAbsolutePath().toString())
            .file("escape/victim", "through a link")
            .device("dev/sda", TarConstants.LF_BLK)
            .file("../../victim", "pwned")
            .layer();
    OciFixtures.Image image =
        OciFixtures.image(BusyboxImage.image("alpine").layers().get(0), hostile);
    OciImage hostileBase =
        OciImage.open(
            ImageReference.parse(
                "oci:" + OciFixtures.ociDir(image, dir.resolve("hostile")), "base"));

    assertThatThrownBy(
            () ->
                run(settings(Sandbox.Mode.AUTO, false))
                    .layers(hostileBase, List.of(imageEnv("true\n"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("Layer 2/2 of the base image")
        .hasMessageContaining("the entry '../../victim' leads outside the image's file system");
    assertThat(victim).hasContent("untouched");
    assertNoWorkLeft();
  }

  // Issue 15: a base whose layer was altered after its digests were recorded is refused.
  @Test
  void aForgedBaseLayerIsRefusedBeforeAnythingRunsOnIt() throws Exception {
    OciFixtures.Layer honest = new TarLayer().file("etc/motd", "honest").layer();
    OciFixtures.Image image =
        OciFixtures.image(BusyboxImage.image("alpine").layers().get(0), honest);
    Path layout = OciFixtures.ociDir(image, dir.resolve("forged"));
    Path blob = layout.resolve("blobs/sha256/" + honest.digest().substring("sha256:".length()));
    assertThat(blob).exists();
    // Of the declared size, so that only the bytes' digests can tell.
    byte[] forgedBlob = null;
    for (char c = 'a'; c <= 'z' && forgedBlob == null; c++) {
      byte[] candidate = new TarLayer().file("etc/motd", "forge" + c).layer().gzip();
      if (candidate.length == Files.size(blob)) {
        forgedBlob = candidate;
      }
    }
    assertThat(forgedBlob).as("a forgery of the honest layer's size").isNotNull();
    Files.write(blob, forgedBlob);
    OciImage forged = OciImage.open(ImageReference.parse("oci:" + layout, "base"));

    assertThatThrownBy(
            () ->
                run(settings(Sandbox.Mode.AUTO, false))
                    .layers(forged, List.of(imageEnv("echo ran > /ran\n"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 2")
        .hasMessageContaining("damaged or forged");
    assertThat(log.text()).doesNotContain("Running image-env");
    assertNoWorkLeft();
  }

  @Test
  void aCachedLayerAlteredOnDiskIsRefusedWhenAStepAboveStacksOnIt() throws Exception {
    RunStep first = imageEnv("echo first > /first\n");
    RunLayer cached = run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(first)).get(0);
    // Of the same size, which is all the cache looks at before using a layer.
    byte[] altered = new TarLayer().file("first", "altered").layer().gzip();
    assertThat(altered.length).isLessThan((int) cached.compressedSize());
    Files.write(cached.file(), Arrays.copyOf(altered, (int) cached.compressedSize()));
    RunStep second =
        RunStep.script("option x", "cat /first > /second\n", Optional.empty(), Map.of());

    assertThatThrownBy(
            () -> run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(first, second)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("Layer image-env (cached) unpacks to")
        .hasMessageContaining("not " + cached.diffId());
    assertNoWorkLeft();
  }

  @Test
  void workLeftByAKilledBuildIsDeletedByTheNextRun() throws Exception {
    Path stale = Files.createDirectories(cache.resolve("work-123/rootfs/usr"));
    Files.writeString(stale.resolve("big"), "an unpacked file system");
    run(settings(Sandbox.Mode.AUTO, false)).layers(base, List.of(imageEnv("true\n")));
    assertThat(cache.resolve("work-123")).doesNotExist();
  }

  @Test
  void osFamiliesComeFromIdThenIdLike() {
    assertThat(OsFamily.of("ID=debian\n")).isEqualTo(OsFamily.DEBIAN);
    assertThat(OsFamily.of("ID=\"ubuntu\"\nID_LIKE=debian\n")).isEqualTo(OsFamily.DEBIAN);
    assertThat(OsFamily.of("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n"))
        .isEqualTo(OsFamily.RHEL);
    assertThat(OsFamily.of("ID=custom\nID_LIKE=\"rhel fedora\"\n")).isEqualTo(OsFamily.RHEL);
    assertThat(OsFamily.of("ID=alpine\n")).isEqualTo(OsFamily.ALPINE);
    assertThat(OsFamily.of("ID=arch\n")).isEqualTo(OsFamily.UNKNOWN);
    assertThat(OsFamily.of("")).isEqualTo(OsFamily.UNKNOWN);
  }

  private void assertNoWorkLeft() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("work-"));
    }
  }

  static Map<String, TarArchiveEntry> entries(RunLayer layer) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer.file())))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        entries.put(e.getName(), e);
      }
    }
    return entries;
  }

  static Map<String, String> contents(RunLayer layer) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer.file())))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (e.isFile() && !e.getName().contains(".wh.")) {
          files.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }

  private static void exec(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }
}
