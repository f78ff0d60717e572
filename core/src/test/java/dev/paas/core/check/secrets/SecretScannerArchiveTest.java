package dev.paas.core.check.secrets;

import static dev.paas.core.check.secrets.Scans.file;
import static dev.paas.core.check.secrets.Scans.kinds;
import static dev.paas.core.check.secrets.Zips.deflated;
import static dev.paas.core.check.secrets.Zips.entries;
import static dev.paas.core.check.secrets.Zips.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.archive.ArchiveLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class SecretScannerArchiveTest {
  private static final String PROPERTIES = "server.port=8080\ndb.password=s3cr3tP4ssw0rd!\n";

  @Test
  void findsAPasswordInAJarInASpringBootFatJar() {
    byte[] inner =
        deflated(
            entries(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\n",
                "com/example/Lib.class",
                new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 0},
                "application.properties",
                PROPERTIES));
    byte[] fat =
        stored(
            entries(
                "META-INF/MANIFEST.MF",
                "Main-Class: Launcher\n",
                "BOOT-INF/classes/logback.xml",
                "<configuration/>\n",
                "BOOT-INF/lib/inner.jar",
                inner));

    List<SecretMatch> matches = file("/app/app.jar", fat);

    assertThat(matches)
        .extracting(SecretMatch::kind, SecretMatch::path, SecretMatch::line)
        .containsExactly(
            Tuple.tuple(
                "password", "/app/app.jar!/BOOT-INF/lib/inner.jar!/application.properties", 2));
  }

  @Test
  void findsSecretsInWarsJarsInZipsAndInZipsWhateverTheirName() {
    byte[] lib = deflated(entries("config/app.yml", "password: s3cr3tP4ssw0rd!\n"));
    byte[] war =
        deflated(
            entries(
                "WEB-INF/lib/lib.jar",
                lib,
                "WEB-INF/classes/id_rsa.txt",
                "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n"));
    byte[] zip = deflated(entries("dist/app.war", war));

    assertThat(file("/opt/dist.bundle", zip))
        .extracting(SecretMatch::path)
        .containsExactly(
            "/opt/dist.bundle!/dist/app.war!/WEB-INF/lib/lib.jar!/config/app.yml",
            "/opt/dist.bundle!/dist/app.war!/WEB-INF/classes/id_rsa.txt");
  }

  @Test
  void cutsAZipBombShortAndCheaply() {
    byte[] bomb = Zips.bomb("big.txt", (byte) 'a', 2048);
    assertThat(bomb.length).isLessThan(8 << 20);

    long start = System.nanoTime();
    List<SecretMatch> matches = file("/app/bomb.zip", bomb);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(kinds(matches)).containsExactly("archive-limit");
    assertThat(matches.get(0).path()).isEqualTo("/app/bomb.zip!/big.txt");
    // Its central directory says so: reported before anything is inflated.
    assertThat(matches.get(0).description()).contains("an entry declares 2147483648 bytes");
  }

  @Test
  void reportsABombItsNameRulesOutWithoutInflatingIt() {
    byte[] bomb = Zips.bomb("zeros.bin", (byte) 0, 2048);

    long start = System.nanoTime();
    List<SecretMatch> matches = file("/app/zeros.zip", bomb);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(kinds(matches)).containsExactly("archive-limit");
    assertThat(matches.get(0).path()).isEqualTo("/app/zeros.zip!/zeros.bin");
    // Under the size limit, the ratio alone gives it away.
    List<SecretMatch> small = file("/app/small.zip", Zips.bomb("zeros.bin", (byte) 0, 64));
    assertThat(kinds(small)).containsExactly("archive-limit");
    assertThat(small.get(0).description())
        .contains("declares more than 100 times its compressed size");
  }

  @Test
  void cutsABombWalkedAsAStreamBecauseItsDirectoryIsGone() {
    byte[] zeros = deflated(entries("zeros.bin", new byte[64 << 20]));
    byte[] withoutDirectory = Arrays.copyOf(zeros, zeros.length - 200);

    List<SecretMatch> matches = file("/app/zeros.jar", withoutDirectory);

    assertThat(kinds(matches)).containsExactly("archive-limit");
    assertThat(matches.get(0).description()).contains("inflates more than 100 times");
  }

  @Test
  void stopsAtTheNestingLimit() {
    byte[] archive = deflated(entries("app.properties", PROPERTIES));
    for (int depth = 0; depth < 10; depth++) {
      archive = deflated(entries("level" + depth + ".zip", archive));
    }

    List<SecretMatch> matches = file("/app/nested.zip", archive);

    assertThat(kinds(matches)).containsExactly("archive-limit");
    assertThat(matches.get(0).description()).contains("nested more than 4 archives deep");
    assertThat(matches.get(0).path()).endsWith("!/level6.zip");
  }

  @Test
  void stopsAtTheEntryAndSizeLimits() {
    Object[] many = new Object[40];
    for (int i = 0; i < many.length; i += 2) {
      many[i] = "f" + i + ".txt";
      many[i + 1] = "line " + i + "\n";
    }
    SecretScanner fewEntries = new SecretScanner(new ArchiveLimits(4, 10, 1 << 30, 1 << 30));
    SecretScanner smallEntries = new SecretScanner(new ArchiveLimits(4, 1000, 1 << 30, 100));
    SecretScanner smallTotal = new SecretScanner(new ArchiveLimits(4, 1000, 100, 1 << 30));

    assertThat(Scans.file(fewEntries, "/a.zip", deflated(entries(many))))
        .singleElement()
        .satisfies(m -> assertThat(m.description()).contains("more than 10 entries"));
    assertThat(Scans.file(smallEntries, "/a.zip", deflated(entries("big.txt", "x".repeat(1000)))))
        .extracting(SecretMatch::kind)
        .containsExactly("archive-limit");
    assertThat(Scans.file(smallTotal, "/a.zip", deflated(entries(many))))
        .extracting(SecretMatch::kind)
        .containsExactly("archive-limit");
  }

  @Test
  void reportsATruncatedOrMalformedArchiveWithoutThrowing() {
    byte[] jar =
        deflated(
            entries(
                "a.txt",
                "some text\n".repeat(2000),
                "b.properties",
                PROPERTIES,
                "c.txt",
                "more text\n".repeat(2000)));

    // what was read before the cut still counts
    assertThat(kinds(file("/app/cut.jar", Arrays.copyOf(jar, jar.length / 2))))
        .containsExactly("password", "archive-unreadable");
    assertThat(kinds(file("/app/fake.jar", "not a zip".getBytes(StandardCharsets.UTF_8))))
        .containsExactly("archive-unreadable");
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    garbage[0] = 'P';
    garbage[1] = 'K';
    garbage[2] = 3;
    garbage[3] = 4;
    assertThat(kinds(file("/app/garbage.zip", garbage))).containsExactly("archive-unreadable");
  }

  @Test
  void reportsABrokenInnerJarAndGoesOnWithTheOuter() {
    byte[] inner = deflated(entries("a.txt", "some text\n".repeat(2000)));
    byte[] outer =
        stored(
            entries(
                "lib/broken.jar",
                Arrays.copyOf(inner, inner.length / 2),
                "app.properties",
                PROPERTIES));

    assertThat(file("/app/app.jar", outer))
        .extracting(SecretMatch::kind, SecretMatch::path)
        .containsExactly(
            Tuple.tuple("archive-unreadable", "/app/app.jar!/lib/broken.jar"),
            Tuple.tuple("password", "/app/app.jar!/app.properties"));
  }

  @Test
  void neverReadsPastTheFileNorClosesTheStream() throws IOException {
    byte[] jar = deflated(entries("app.properties", PROPERTIES));
    byte[] text = PROPERTIES.getBytes(StandardCharsets.UTF_8);
    for (byte[] content : List.of(jar, text)) {
      boolean[] closed = {false};
      InputStream layer =
          new SequenceInputStream(
              new ByteArrayInputStream(content),
              new ByteArrayInputStream("NEXT FILE".getBytes(StandardCharsets.UTF_8))) {
            @Override
            public void close() {
              closed[0] = true;
            }
          };

      assertThat(
              Scans.SCANNER.scanFile(
                  content == jar ? "/a.jar" : "/a.properties", content.length, layer))
          .hasSize(1);
      assertThat(closed[0]).isFalse();
      assertThat(new String(layer.readAllBytes(), StandardCharsets.UTF_8))
          .endsWith("NEXT FILE")
          .hasSizeLessThanOrEqualTo(content.length + 9);
    }
  }

  @Test
  void throwsWhenTheLayerStreamItselfFails() {
    byte[] jar =
        deflated(
            entries(
                "a.txt",
                Base64.getMimeEncoder().encodeToString(SecretScannerKeyTest.noise(100_000))));
    InputStream failing =
        new InputStream() {
          int read;

          @Override
          public int read() throws IOException {
            if (read >= 1000) {
              throw new IOException("layer stream broke");
            }
            return jar[read++] & 0xff;
          }
        };

    assertThatThrownBy(() -> Scans.SCANNER.scanFile("/a.jar", jar.length, failing))
        .isInstanceOf(IOException.class)
        .hasMessage("layer stream broke");
  }
}
