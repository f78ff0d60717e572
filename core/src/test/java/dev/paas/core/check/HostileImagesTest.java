package dev.paas.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.paas.core.PaasException;
import dev.paas.core.base.ImageOpener;
import dev.paas.core.check.report.ConsoleSummary;
import dev.paas.core.check.report.JsonReport;
import dev.paas.core.check.report.JunitReport;
import dev.paas.core.check.report.SarifReport;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.OciImage;
import dev.paas.core.registry.RegistryImageSource;
import dev.paas.core.testing.HostileImages;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TarLayer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate against images made to defeat it: each ends quickly, with a verdict or an error that
 * names what is wrong, and no forgery passes, whatever the cache holds.
 */
class HostileImagesTest {
  static final Duration LIMIT = Duration.ofSeconds(10);

  static final OciFixtures.Layer SYSTEM =
      new TarLayer()
          .dir("etc", 0755)
          .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
          .file("etc/group", "root:x:0:\napp:x:1000:\n")
          .layer();
  static final OciFixtures.Image BASE = OciFixtures.image(SYSTEM);
  static final OciFixtures.Layer APP = OciFixtures.layer(Map.of("app/Main.class", "cafebabe"));
  static final OciFixtures.Image HONEST = image(APP);

  @TempDir Path dir;

  static OciFixtures.Image image(OciFixtures.Layer app) {
    return OciFixtures.withConfig(
        OciFixtures.image(Map.of(), List.of(SYSTEM, app)),
        c -> c.with("config").put("User", "app"));
  }

  /** Checks {@code reference} with {@code fixture}'s check (and so its cache). */
  static CheckReport check(CheckFixture fixture, String reference) throws Exception {
    try (ImageSource source =
        new ImageOpener(null)
            .open(ImageReference.parse(reference, "image"), "image", "-Dpaas.image", "")) {
      return fixture
          .check
          .check(
              new ImageCheck.Request(
                  "test",
                  reference,
                  CheckFixture.policy(),
                  List.of(CheckFixture.official(BASE)),
                  Optional.empty(),
                  List.of(),
                  CheckFixture.TODAY,
                  inventory -> Optional.empty(),
                  base -> Optional.empty()),
              source)
          .report();
    }
  }

  static <T> T within(ThrowingSupplier<T> work) {
    return assertTimeoutPreemptively(LIMIT, work::get);
  }

  interface ThrowingSupplier<T> {
    T get() throws Throwable;
  }

  // --- forged twins ---

  static final List<OciFixtures.Layer> TWINS = HostileImages.sameSizeTwins();
  static final OciFixtures.Image HONEST_TWIN = image(TWINS.get(0));

  @Test
  void aForgedTwinOfAnArchiveFailsAfterTheHonestOneWasCached() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    Path honest = OciFixtures.ociArchive(HONEST_TWIN, dir.resolve("honest.tar"));
    assertThat(within(() -> check(fixture, "oci-archive:" + honest)).passed()).isTrue();

    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(HONEST_TWIN, 1, TWINS.get(1)), dir.resolve("twin.tar"), "");

    assertThatThrownBy(() -> within(() -> check(fixture, "oci-archive:" + twin)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 2 of oci-archive:" + twin)
        .hasMessageContaining(
            "is "
                + TWINS.get(1).digest()
                + ", not "
                + TWINS.get(0).digest()
                + " as its manifest names it")
        .hasMessageContaining("damaged or forged; build, pull or copy it again");
  }

  @Test
  void aForgedTwinOfALayoutDirectoryFailsAfterTheHonestOneWasCached() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    Path honest = OciFixtures.ociDir(HONEST_TWIN, dir.resolve("honest"));
    assertThat(within(() -> check(fixture, "oci:" + honest)).passed()).isTrue();

    Path twin =
        OciFixtures.writeDirectory(
            HostileImages.forgedTwin(HONEST_TWIN, 1, TWINS.get(1)), dir.resolve("twin"));

    assertThatThrownBy(() -> within(() -> check(fixture, "oci:" + twin)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 2 of oci:" + twin)
        .hasMessageContaining("is " + TWINS.get(1).digest() + ", not " + TWINS.get(0).digest());
  }

  @Test
  void aForgedTwinOfAnotherSizeIsRefusedWhenOpened() throws Exception {
    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(HONEST, 1, HostileImages.maliciousLayer()),
            dir.resolve("twin.tar"),
            "");

    assertThatThrownBy(() -> within(() -> check(new CheckFixture(dir), "oci-archive:" + twin)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("its layer 2 of 2 " + APP.digest() + " is ")
        .hasMessageContaining("bytes, not the " + APP.gzip().length + " its manifest declares");
  }

  @Test
  void aForgedDockerArchiveTwinFailsAfterTheHonestOneWasCached() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    Path honest = OciFixtures.dockerArchive(HONEST_TWIN, "app:1", dir.resolve("honest-docker.tar"));
    assertThat(within(() -> check(fixture, "docker-archive:" + honest)).passed()).isTrue();

    Path twin =
        HostileImages.forgedDockerTwin(
            HONEST_TWIN, 1, TWINS.get(1), dir.resolve("twin-docker.tar"));

    assertThatThrownBy(() -> within(() -> check(fixture, "docker-archive:" + twin)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 2 of docker-archive:" + twin)
        .hasMessageContaining("is " + TWINS.get(1).diffId() + ", not " + TWINS.get(0).diffId());
  }

  @Test
  void aForgedTwinFailsOnAnEmptyCacheToo() throws Exception {
    Path twin =
        OciFixtures.writeTar(
            HostileImages.forgedTwin(HONEST_TWIN, 1, TWINS.get(1)), dir.resolve("twin.tar"), "");

    assertThatThrownBy(() -> within(() -> check(new CheckFixture(dir), "oci-archive:" + twin)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("layer 2 of 2 of oci-archive:" + twin);
  }

  @Test
  void aTwinWithAnHonestManifestDigestButForgedDiffIdIsRefusedWhenInflated() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    assertThat(
            check(
                    fixture,
                    "oci-archive:" + OciFixtures.ociArchive(HONEST, dir.resolve("honest.tar")))
                .passed())
        .isTrue();
    // The manifest names the forged blob truthfully; the config keeps the honest diff_id.
    OciFixtures.Layer forged = HostileImages.maliciousLayer();
    OciFixtures.Layer lying = new OciFixtures.Layer(APP.tar(), forged.gzip());
    OciFixtures.Image twin = OciFixtures.withConfig(image(lying), c -> {});
    Path archive = OciFixtures.ociArchive(twin, dir.resolve("lying.tar"));

    assertThatThrownBy(() -> within(() -> check(fixture, "oci-archive:" + archive)))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "unpacks to " + forged.diffId() + ", not the diff_id its config names");
  }

  @Test
  void anHonestlyNamedMaliciousLayerIsReadAndFails() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    check(fixture, "oci-archive:" + OciFixtures.ociArchive(HONEST, dir.resolve("honest.tar")));
    Path bad =
        OciFixtures.ociArchive(image(HostileImages.maliciousLayer()), dir.resolve("bad.tar"));

    CheckReport report = within(() -> check(fixture, "oci-archive:" + bad));

    assertThat(report.passed()).isFalse();
    assertThat(CheckFixture.rulesFailing(report)).contains("setuid", "secrets");
  }

  @Test
  void eachLayerIsReadOnceWhetherItIsCachedOrNot() throws Exception {
    CheckFixture fixture = new CheckFixture(dir);
    Path archive = OciFixtures.ociArchive(HONEST, dir.resolve("honest.tar"));
    long stored = HONEST.layers().stream().mapToLong(l -> l.gzip().length).sum();

    for (String round : List.of("cold", "warm")) {
      long[] read = {0};
      try (ImageSource image =
          OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
        ImageSource counted = new CountingSource(image, read);
        fixture.check.check(
            new ImageCheck.Request(
                "test",
                "oci-archive:" + archive,
                CheckFixture.policy(),
                List.of(CheckFixture.official(BASE)),
                Optional.empty(),
                List.of(),
                CheckFixture.TODAY,
                inventory -> Optional.empty(),
                base -> Optional.empty()),
            counted);
      }
      assertThat(read[0]).as(round + ": bytes of stored layers read").isEqualTo(stored);
    }
  }

  /** An image whose stored layers' reads are counted. */
  private record CountingSource(ImageSource image, long[] read) implements ImageSource {
    @Override
    public String digest() {
      return image.digest();
    }

    @Override
    public byte[] configBytes() {
      return image.configBytes();
    }

    @Override
    public List<StoredLayer> storedLayers() throws IOException {
      return image.storedLayers();
    }

    @Override
    public InputStream openStoredLayer(int index) throws IOException {
      return new FilterInputStream(image.openStoredLayer(index)) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          synchronized (read) {
            read[0] += Math.max(n, 0);
          }
          return n;
        }
      };
    }

    @Override
    public void close() {}
  }

  // --- diff_ids ---

  @Test
  void extraDiffIdsAreRefused() throws Exception {
    OciFixtures.Image extra =
        HostileImages.withDiffIds(
            HONEST,
            List.of(SYSTEM.diffId(), APP.diffId(), HostileImages.maliciousLayer().diffId()));
    Path archive = OciFixtures.ociArchive(extra, dir.resolve("extra.tar"));

    assertThatThrownBy(
            () ->
                within(
                    () -> OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "its config lists 3 diff_ids (rootfs.diff_ids) and its manifest 2 layers");
  }

  @Test
  void missingDiffIdsAreRefusedInEveryLocalFormat() throws Exception {
    OciFixtures.Image missing = HostileImages.withDiffIds(HONEST, List.of(SYSTEM.diffId()));
    Path oci = OciFixtures.ociArchive(missing, dir.resolve("missing.tar"));
    Path docker = OciFixtures.dockerArchive(missing, "app:1", dir.resolve("missing-docker.tar"));

    assertThatThrownBy(() -> check(new CheckFixture(dir), "oci-archive:" + oci))
        .hasMessageContaining(
            "its config lists 1 diff_ids (rootfs.diff_ids) and its manifest 2 layers");
    assertThatThrownBy(() -> check(new CheckFixture(dir), "docker-archive:" + docker))
        .hasMessageContaining(
            "its config lists 1 diff_ids (rootfs.diff_ids) and its manifest 2 layers");
  }

  @Test
  void aRegistryImageWithAnExtraDiffIdIsRefusedToo() throws Exception {
    OciFixtures.Image extra =
        HostileImages.withDiffIds(
            HONEST,
            List.of(SYSTEM.diffId(), APP.diffId(), HostileImages.maliciousLayer().diffId()));
    Path store = dir.resolve("blobs");
    Files.createDirectories(store.resolve("sha256"));
    for (Map.Entry<String, byte[]> blob : extra.blobs().entrySet()) {
      Files.write(store.resolve("sha256").resolve(blob.getKey().substring(7)), blob.getValue());
    }

    assertThatThrownBy(
            () ->
                new RegistryImageSource(
                    Optional.empty(), "team/app", extra.manifestDigest(), store))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "team/app@"
                + extra.manifestDigest()
                + ": its config lists 3 diff_ids (rootfs.diff_ids) and its manifest 2 layers");
  }

  // --- only plain files ---

  @Test
  void aFifoBlobIsRefusedWithoutWaitingOnIt() throws Exception {
    for (String role : List.of("layer", "config")) {
      Path layout = OciFixtures.ociDir(HONEST, dir.resolve("fifo-" + role));
      HostileImages.fifo(layout, role.equals("layer") ? APP.digest() : HONEST.configDigest());

      assertThatThrownBy(
              () -> within(() -> OciImage.open(ImageReference.parse("oci:" + layout, "image"))))
          .as(role)
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("is a FIFO, socket or device, not a plain file");
    }
  }

  @Test
  void aBlobThatLinksToDevZeroOrToAHostFileIsNotFollowed() throws Exception {
    Path hostFile = Files.write(dir.resolve("host-copy"), APP.gzip());
    for (Path target : List.of(Path.of("/dev/zero"), hostFile)) {
      Path layout = OciFixtures.ociDir(HONEST, dir.resolve("link-" + target.getFileName()));
      HostileImages.symlink(layout, APP.digest(), target);

      assertThatThrownBy(() -> within(() -> check(new CheckFixture(dir), "oci:" + layout)))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("is a symbolic link to " + target + ", not a plain file");
    }
  }

  @Test
  void aLinkedIndexJsonOrBlobsDirectoryIsNotFollowed() throws Exception {
    Path layout = OciFixtures.ociDir(HONEST, dir.resolve("linked-blobs"));
    Path elsewhere = dir.resolve("elsewhere");
    Files.move(layout.resolve("blobs"), elsewhere);
    Files.createSymbolicLink(layout.resolve("blobs"), elsewhere);

    assertThatThrownBy(
            () -> within(() -> OciImage.open(ImageReference.parse("oci:" + layout, "image"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "blobs is a symbolic link to " + elsewhere + ", not a plain directory");
  }

  @Test
  void aBlobLongerThanItsDeclaredSizeIsRefused() throws Exception {
    Map<String, byte[]> files = OciFixtures.layout(HONEST);
    byte[] longer = Arrays.copyOf(APP.gzip(), APP.gzip().length + 1_000_000);
    files.put(OciFixtures.blobPath(APP.digest()), longer);
    Path tar = OciFixtures.writeTar(files, dir.resolve("longer.tar"), "");

    assertThatThrownBy(
            () -> within(() -> OciImage.open(ImageReference.parse("oci-archive:" + tar, "image"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "its layer 2 of 2 "
                + APP.digest()
                + " is "
                + longer.length
                + " bytes, not the "
                + APP.gzip().length
                + " its manifest declares");
  }

  // --- indexes and missing blobs ---

  @Test
  void nestedIndexesAreFollowedToABoundedDepth() throws Exception {
    Path four = OciFixtures.writeDirectory(HostileImages.deepIndex(HONEST, 4), dir.resolve("four"));
    try (OciImage image = OciImage.open(ImageReference.parse("oci:" + four, "image"))) {
      assertThat(image.manifestDigest()).isEqualTo(HONEST.manifestDigest());
    }
    Path five = OciFixtures.writeDirectory(HostileImages.deepIndex(HONEST, 5), dir.resolve("five"));

    assertThatThrownBy(
            () -> within(() -> OciImage.open(ImageReference.parse("oci:" + five, "image"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("index.json leads through 5 nested image indexes")
        .hasMessageContaining("at most 4 are followed")
        .hasMessageNotContaining("malformed digest ''");
  }

  @Test
  void aMissingBlobIsNamedByItsRole() throws Exception {
    Map<String, byte[]> noLayer = OciFixtures.layout(HONEST);
    noLayer.remove(OciFixtures.blobPath(APP.digest()));
    Map<String, byte[]> noConfig = OciFixtures.layout(HONEST);
    noConfig.remove(OciFixtures.blobPath(HONEST.configDigest()));
    Map<String, byte[]> noManifest = OciFixtures.layout(HONEST);
    noManifest.remove(OciFixtures.blobPath(HONEST.manifestDigest()));

    assertThatThrownBy(
            () -> OciImage.open(ref(OciFixtures.writeTar(noLayer, dir.resolve("a.tar"), ""))))
        .hasMessageContaining("its layer 2 of 2 " + APP.digest() + " is missing");
    assertThatThrownBy(
            () -> OciImage.open(ref(OciFixtures.writeTar(noConfig, dir.resolve("b.tar"), ""))))
        .hasMessageContaining("its config " + HONEST.configDigest() + " is missing");
    assertThatThrownBy(
            () -> OciImage.open(ref(OciFixtures.writeTar(noManifest, dir.resolve("c.tar"), ""))))
        .hasMessageContaining("its manifest " + HONEST.manifestDigest() + " is missing");
  }

  // --- hard links ---

  @Test
  void hardLinksOutOfTheRootOrToNothingAreBaseTamper() throws Exception {
    OciFixtures.Layer layer =
        new TarLayer()
            .dir("app", 0755)
            .file("app/Main.class", "cafebabe")
            .hardlink("app/shadow", "../../../etc/shadow")
            .hardlink("app/ghost", "opt/nothing/here")
            .hardlink("app/fine", "app/Main.class")
            .hardlink("app/passwd", "etc/passwd")
            .layer();
    Path archive = OciFixtures.ociArchive(image(layer), dir.resolve("links.tar"));

    CheckReport report = within(() -> check(new CheckFixture(dir), "oci-archive:" + archive));

    List<ReportedFinding> tamper =
        report.findings().stream().filter(f -> f.rule().equals("base-tamper")).toList();
    assertThat(tamper)
        .extracting(f -> f.location().path())
        .containsExactly("/app/shadow", "/app/ghost");
    assertThat(tamper.get(0).message())
        .isEqualTo(
            "A hard link's target climbs out of the image's "
                + "root with '..' (../../../etc/shadow): some tools link it to a file of the host");
    assertThat(tamper.get(1).message())
        .startsWith("A hard link to /opt/nothing/here, which no layer up to this one holds");
    assertThat(report.passed()).isFalse();
  }

  // --- bounded output ---

  @Test
  void aZipWhoseDirectoryRepeatsOneEntryIsOneFindingAndIsReadOnce() throws Exception {
    byte[] entry = HostileImages.privateKey().getBytes(StandardCharsets.UTF_8);
    for (boolean renamed : List.of(false, true)) {
      byte[] zip = HostileImages.repeatedEntryZip("id_rsa", entry, 20_000, renamed);
      OciFixtures.Layer layer = OciFixtures.binaryLayer(Map.of("app/lib/bomb.zip", zip));
      Path archive = OciFixtures.ociArchive(image(layer), dir.resolve("zip-" + renamed + ".tar"));

      long start = System.nanoTime();
      CheckReport report =
          within(
              () -> check(new CheckFixture(dir.resolve("c" + renamed)), "oci-archive:" + archive));
      long millis = (System.nanoTime() - start) / 1_000_000;

      List<ReportedFinding> secrets =
          report.findings().stream().filter(f -> f.rule().equals("secrets")).toList();
      assertThat(secrets).as("renamed " + renamed).hasSize(2);
      assertThat(secrets)
          .extracting(ReportedFinding::message)
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains("rchive whose central directory lists 19999 entries again"));
      assertThat(report.passed()).isFalse();
      assertThat(reportBytes(report)).as("report bytes").isLessThan(64 * 1024);
      assertThat(millis).as("milliseconds").isLessThan(LIMIT.toMillis());
    }
  }

  @Test
  void findingsAreCappedPerRuleAndLayerWithTheRestCounted() throws Exception {
    TarLayer many = new TarLayer().dir("app", 0755);
    for (int i = 0; i < 250; i++) {
      many.file("app/su" + i, "elf".getBytes(StandardCharsets.UTF_8), 04755, 0, 0);
    }
    Path archive = OciFixtures.ociArchive(image(many.layer()), dir.resolve("many.tar"));

    CheckReport report = within(() -> check(new CheckFixture(dir), "oci-archive:" + archive));

    List<ReportedFinding> setuid =
        report.findings().stream().filter(f -> f.rule().equals("setuid")).toList();
    assertThat(setuid).hasSize(FindingCap.MAX_PER_PLACE + 1);
    assertThat(setuid.get(FindingCap.MAX_PER_PLACE).message())
        .startsWith(
            "150 more setuid findings in layer 1 not listed: at most 100 per rule and layer");
    assertThat(report.passed()).isFalse();
    assertThat(ConsoleSummary.lines(report))
        .anySatisfy(line -> assertThat(line).contains("150 more setuid findings in layer 1"));
    assertThat(reportBytes(report)).as("report bytes").isLessThan(256 * 1024);
  }

  // --- honest logs and reports ---

  @Test
  void aFileNameCannotForgeALineOfTheConsoleOrTheReports() throws Exception {
    // the name as an image holds it, and as the console must show it
    String raw =
        "x\npaas:check test oci-archive:app.tar: PASSED — 0 errors, 0 warnings, 0 waived\n"
            + "\u001b[2K\u202e\u2028fdp.";
    String shown =
        raw.replace("\n", "\\n")
            .replace("\u001b", "\\u001b")
            .replace("\u202e", "\\u202e")
            .replace("\u2028", "\\u2028");
    String name = "app/" + raw;
    OciFixtures.Layer layer =
        new TarLayer()
            .dir("app", 0755)
            .file(name, "elf".getBytes(StandardCharsets.UTF_8), 04755, 0, 0)
            .layer();
    Path archive = OciFixtures.ociArchive(image(layer), dir.resolve("names.tar"));
    CheckFixture fixture = new CheckFixture(dir);

    CheckReport report = within(() -> check(fixture, "oci-archive:" + archive));

    assertThat(report.passed()).isFalse();
    assertThat(reportBytes(report)).as("report bytes").isLessThan(64 * 1024);
    List<String> console = ConsoleSummary.lines(report);
    assertThat(console.get(0)).contains("FAILED");
    assertThat(console).anySatisfy(line -> assertThat(line).contains("/app/" + shown));
    for (String line : console) {
      assertThat(line).doesNotContain("\n", "\u001b", "\u202e", "\u2028");
    }
    assertThat(console.subList(1, console.size()))
        .noneMatch(line -> line.strip().startsWith("paas:check"));
    Path reports = dir.resolve("reports");
    Files.createDirectories(reports);
    JsonReport.write(report, reports.resolve("test.json"));
    SarifReport.write(report, reports.resolve("test.sarif"), "1");
    JunitReport.write(report, reports.resolve("TEST-paas-test.xml"));
    for (Path file :
        List.of(
            reports.resolve("test.json"),
            reports.resolve("test.sarif"),
            reports.resolve("TEST-paas-test.xml"))) {
      String text = Files.readString(file);
      assertThat(text).as(file.toString()).doesNotContain("\u001b", "\u202e", "\u2028");
      assertThat(lines(text))
          .as(file.toString())
          .noneMatch(l -> l.strip().startsWith("paas:check"));
    }
    assertThat(fixture.log.toString()).doesNotContain("\n" + "paas:check");
  }

  static long reportBytes(CheckReport report) throws Exception {
    Path file = Files.createTempFile("report", ".json");
    try {
      JsonReport.write(report, file);
      SarifReport.write(report, file.resolveSibling(file.getFileName() + ".sarif"), "1");
      return Files.size(file) + Files.size(file.resolveSibling(file.getFileName() + ".sarif"));
    } finally {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".sarif"));
      Files.deleteIfExists(file);
    }
  }

  private static ImageReference ref(Path archive) throws Exception {
    return ImageReference.parse("oci-archive:" + archive, "image");
  }

  static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n", -1)));
  }
}
