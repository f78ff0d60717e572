package dev.paas.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.paas.core.archive.ArchiveLimits;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Identifies real jars from Maven Central, read from the local repository. A test whose jar is not
 * there is skipped, saying which one to fetch.
 */
class JavaLibrariesTest {
  private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

  private final JavaLibraries libraries = new JavaLibraries();

  @Test
  void candidatesAreJavaArchivesWhateverTheCase() {
    assertThat(JavaLibraries.isCandidate("/app/app.jar")).isTrue();
    assertThat(JavaLibraries.isCandidate("/srv/ROOT.WAR")).isTrue();
    assertThat(JavaLibraries.isCandidate("/srv/app.ear")).isTrue();
    assertThat(JavaLibraries.isCandidate("/opt/connector.rar")).isTrue();
    assertThat(JavaLibraries.isCandidate("/var/jenkins_home/plugins/git.hpi")).isTrue();
    assertThat(JavaLibraries.isCandidate("/var/jenkins_home/plugins/git.JPI")).isTrue();
    assertThat(JavaLibraries.isCandidate("/opt/app.par")).isTrue();
    assertThat(JavaLibraries.isCandidate("/opt/app.zip")).isFalse();
    assertThat(JavaLibraries.isCandidate("/opt/jar")).isFalse();
    assertThat(JavaLibraries.isCandidate("/opt/app.jar.sha1")).isFalse();
  }

  @Test
  void aMavenBuiltJarIsNamedByItsPomProperties() {
    byte[] jar = central("org.apache.commons", "commons-text", "1.9");

    JavaLibraries.Read read = libraries.identify("/app/lib/commons-text-1.9.jar", jar);

    assertThat(read.problems()).isEmpty();
    assertThat(read.libraries())
        .containsExactly(
            new InstalledPackage(
                InstalledPackage.Kind.MAVEN,
                "org.apache.commons:commons-text",
                "1.9",
                "",
                "",
                "",
                "/app/lib/commons-text-1.9.jar",
                "pom.properties",
                hex("SHA-1", jar),
                hex("SHA-256", jar)));
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRenamedJarIsStillNamedByItsPomProperties() {
    byte[] jar = central("com.fasterxml.jackson.core", "jackson-databind", "2.18.2");

    JavaLibraries.Read read = libraries.identify("/app/databind.jar", jar);

    assertThat(read.libraries())
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactly(
            tuple("com.fasterxml.jackson.core:jackson-databind", "2.18.2", "pom.properties"));
  }

  @Test
  void aShadedJarListsEveryProjectItHolds() {
    byte[] jar = central("org.apache.maven.surefire", "surefire-shared-utils", "3.5.4");

    JavaLibraries.Read read = libraries.identify("/opt/surefire-shared-utils-3.5.4.jar", jar);

    assertThat(read.problems()).isEmpty();
    assertThat(read.libraries())
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactlyInAnyOrder(
            tuple("org.apache.maven.shared:maven-shared-utils", "3.3.4", "pom.properties"),
            tuple("commons-io:commons-io", "2.20.0", "pom.properties"),
            tuple("org.apache.commons:commons-lang3", "3.18.0", "pom.properties"),
            tuple("org.apache.commons:commons-compress", "1.28.0", "pom.properties"),
            tuple("commons-codec:commons-codec", "1.19.0", "pom.properties"));
    assertThat(read.libraries())
        .as("the archive's hash is none of theirs")
        .allMatch(l -> l.sha1().isEmpty() && l.sha256().isEmpty());
  }

  @Test
  void anOsgiBundleWithoutPomPropertiesIsNamedByItsManifest() {
    // reactive-streams 1.0.4: Bundle-SymbolicName reactive-streams, Bundle-Version 1.0.4, no
    // Implementation-* and no pom.properties
    byte[] streams = central("org.reactivestreams", "reactive-streams", "1.0.4");
    // jspecify 1.0.0: Bundle-SymbolicName org.jspecify.jspecify, Implementation-Version 1.0.0
    byte[] jspecify = central("org.jspecify", "jspecify", "1.0.0");

    assertThat(libraries.identify("/lib/reactive-streams-1.0.4.jar", streams).libraries())
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactly(tuple(":reactive-streams", "1.0.4", "manifest"));
    assertThat(libraries.identify("/lib/jspecify-1.0.0.jar", jspecify).libraries())
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactly(tuple("org.jspecify:jspecify", "1.0.0", "manifest"));
  }

  @Test
  void aManifestWithoutAFileNameTakesItsTitleAndVendorId() {
    byte[] jar =
        deflated(
            entries(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\n"
                    + "Implementation-Title: billing-core\nImplementation-Version: 4.2.0\n"
                    + "Implementation-Vendor-Id: com.example\n"));

    assertThat(libraries.identify("/app/app.jar", jar).libraries())
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactly(tuple("com.example:billing-core", "4.2.0", "manifest"));
  }

  @Test
  void aJarWithNoMetadataIsNamedByItsFileName() {
    byte[] jar =
        deflated(
            entries(
                "com/example/Foo.class",
                new byte[] {(byte) 0xCA, (byte) 0xFE},
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nCreated-By: hand\n"));

    JavaLibraries.Read read = libraries.identify("/opt/foo-bar-2.3.1.jar", jar);

    assertThat(read.problems()).isEmpty();
    assertThat(read.libraries())
        .containsExactly(
            new InstalledPackage(
                InstalledPackage.Kind.MAVEN,
                ":foo-bar",
                "2.3.1",
                "",
                "",
                "",
                "/opt/foo-bar-2.3.1.jar",
                "file-name",
                hex("SHA-1", jar),
                hex("SHA-256", jar)));
    assertThat(read.libraries().get(0).uncertainIdentity()).isTrue();
    assertThat(libraries.identify("/opt/app.jar", jar).libraries()).isEmpty();
  }

  @Test
  void aSpringBootFatJarListsItselfAndEveryNestedJar() {
    byte[] text = central("org.apache.commons", "commons-text", "1.9");
    byte[] lang = central("org.apache.commons", "commons-lang3", "3.14.0");
    byte[] fat =
        stored(
            entries(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nMain-Class: "
                    + "org.springframework.boot.loader.launch.JarLauncher\n",
                "META-INF/maven/com.example/shop/pom.properties",
                "groupId=com.example\nartifactId=shop\nversion=1.0.0\n",
                "BOOT-INF/classes/com/example/Shop.class",
                new byte[] {(byte) 0xCA, (byte) 0xFE},
                "BOOT-INF/lib/commons-text-1.9.jar",
                text,
                "BOOT-INF/lib/commons-lang3-3.14.0.jar",
                lang));

    JavaLibraries.Read read = libraries.identify("/app/shop.jar", fat);

    assertThat(read.problems()).isEmpty();
    assertThat(read.libraries())
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::path)
        .containsExactlyInAnyOrder(
            tuple("com.example:shop", "1.0.0", "/app/shop.jar"),
            tuple(
                "org.apache.commons:commons-text",
                "1.9",
                "/app/shop.jar!/BOOT-INF/lib/commons-text-1.9.jar"),
            tuple(
                "org.apache.commons:commons-lang3",
                "3.14.0",
                "/app/shop.jar!/BOOT-INF/lib/commons-lang3-3.14.0.jar"));
  }

  @Test
  void aWarInAnEarListsItsLibraries() {
    byte[] databind = central("com.fasterxml.jackson.core", "jackson-databind", "2.18.2");
    byte[] streams = central("org.reactivestreams", "reactive-streams", "1.0.4");
    byte[] war =
        deflated(
            entries(
                "META-INF/maven/com.example/web/pom.properties",
                "groupId=com.example\nartifactId=web\nversion=2.0\n",
                "WEB-INF/lib/jackson-databind-2.18.2.jar",
                databind,
                "WEB-INF/lib/reactive-streams-1.0.4.jar",
                streams));
    byte[] ear =
        deflated(
            entries(
                "web.war",
                war,
                "lib/foo-bar-2.3.1.jar",
                deflated(entries("README", "no metadata\n"))));

    JavaLibraries.Read read = libraries.identify("/srv/app.ear", ear);

    assertThat(read.problems()).isEmpty();
    assertThat(read.libraries())
        .extracting(InstalledPackage::name, InstalledPackage::path, InstalledPackage::evidence)
        .containsExactlyInAnyOrder(
            tuple("com.example:web", "/srv/app.ear!/web.war", "pom.properties"),
            tuple(
                "com.fasterxml.jackson.core:jackson-databind",
                "/srv/app.ear!/web.war!/WEB-INF/lib/jackson-databind-2.18.2.jar",
                "pom.properties"),
            tuple(
                ":reactive-streams",
                "/srv/app.ear!/web.war!/WEB-INF/lib/reactive-streams-1.0.4.jar",
                "manifest"),
            tuple(":foo-bar", "/srv/app.ear!/lib/foo-bar-2.3.1.jar", "file-name"));
  }

  @Test
  void duplicatePomPropertiesCollapse() {
    String pom = "groupId=com.example\nartifactId=dup\nversion=1\n";
    byte[] jar =
        deflated(
            entries(
                "META-INF/maven/com.example/dup/pom.properties",
                pom,
                "META-INF/maven/com.example/dup/pom.properties",
                pom));

    assertThat(libraries.identify("/a.jar", jar).libraries()).hasSize(1);
  }

  @Test
  void stopsOpeningArchivesPastTheDepthLimitAndKeepsTheRest() {
    byte[] level = jarOf("level5");
    for (int i = 4; i >= 1; i--) {
      level =
          deflated(
              entries(
                  "META-INF/maven/com.example/level" + i + "/pom.properties",
                  "groupId=com.example\nartifactId=level" + i + "\nversion=1\n",
                  "lib/level" + (i + 1) + ".jar",
                  level));
    }

    JavaLibraries.Read read = libraries.identify("/l1.jar", level);

    assertThat(read.libraries())
        .extracting(InstalledPackage::name)
        .containsExactlyInAnyOrder(
            "com.example:level1", "com.example:level2", "com.example:level3", "com.example:level4");
    assertThat(read.problems())
        .containsExactly(
            "/l1.jar!/lib/level2.jar!/lib/level3.jar!/lib/level4.jar!/lib/level5.jar is nested more"
                + " than 4 archives deep and was not opened; its libraries are not in the inventory");
  }

  @Test
  void cutsAZipBombShortAndKeepsWhatWasFound() {
    byte[] bomb = new byte[64 << 20]; // 64 MiB of zeros deflate about 1000:1
    byte[] jar =
        deflated(
            entries(
                "META-INF/maven/com.example/victim/pom.properties",
                "groupId=com.example\nartifactId=victim\nversion=1\n",
                "BOOT-INF/lib/bomb.jar",
                bomb));
    assertThat(jar.length).isLessThan(1 << 20);

    long start = System.nanoTime();
    JavaLibraries.Read read = libraries.identify("/app/app.jar", jar);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(read.libraries())
        .extracting(InstalledPackage::name)
        .containsExactly("com.example:victim");
    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith("/app/app.jar was not read whole: an entry declares more than 100 times")
        .contains("/app/app.jar!/BOOT-INF/lib/bomb.jar");
  }

  @Test
  void meteresABombWhoseSizesAreNotDeclared() {
    // a stream-only zip (sizes in data descriptors, central directory cut off) hides its sizes
    byte[] bomb = new byte[64 << 20];
    byte[] jar = deflated(entries("lib/bomb.jar", bomb));
    byte[] cut = Arrays.copyOf(jar, jar.length - 30);

    JavaLibraries.Read read = libraries.identify("/app/app.jar", cut);

    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith("/app/app.jar was not read whole: an entry inflates more than 100 times");
  }

  @Test
  void aSmallEntryLimitStopsTheWalk() {
    byte[] jar = deflated(entries("a.txt", "a", "b.txt", "b", "c.txt", "c"));
    JavaLibraries tight = new JavaLibraries(new ArchiveLimits(4, 2, 1L << 30, 1L << 20));

    assertThat(tight.identify("/x-1.0.jar", jar).problems())
        .containsExactly(
            "/x-1.0.jar was not read whole: more than 2 entries in /x-1.0.jar;"
                + " the libraries in the rest of it are not in the inventory");
  }

  @Test
  void aTruncatedJarIsAProblemAndKeepsWhatItsStartTells() {
    byte[] jar = central("org.apache.commons", "commons-text", "1.9");
    byte[] cut = Arrays.copyOf(jar, jar.length / 2); // the manifest is first, pom.properties last

    JavaLibraries.Read read = libraries.identify("/app/commons-text-1.9.jar", cut);

    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith("/app/commons-text-1.9.jar could not be read as a zip: ")
        .endsWith("; its libraries are not in the inventory");
    // Bundle-SymbolicName org.apache.commons.commons-text gives the group
    assertThat(read.libraries())
        .extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::evidence)
        .containsExactly(tuple("org.apache.commons:commons-text", "1.9", "manifest"));
  }

  @Test
  void garbageIsAProblemNotAnException() {
    byte[] junk = "this is not a zip at all".getBytes(StandardCharsets.UTF_8);
    byte[] fat = stored(entries("BOOT-INF/lib/broken-1.0.jar", junk));

    JavaLibraries.Read read = libraries.identify("/app/app.jar", fat);

    // its file name still names it
    assertThat(read.libraries()).extracting(InstalledPackage::name).containsExactly(":broken");
    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith("/app/app.jar!/BOOT-INF/lib/broken-1.0.jar could not be read as a zip: ")
        .endsWith("; its libraries are not in the inventory");
    assertThat(libraries.identify("/x.jar", junk).libraries()).isEmpty();
    assertThat(libraries.identify("/x.jar", new byte[0]).problems()).hasSize(1);
  }

  // --- helpers ---

  /**
   * A real jar from Maven Central, as Maven resolved it for this module's tests: found on the test
   * class path (core's pom names each as a test dependency), else in the local repository.
   */
  private static byte[] central(String group, String artifact, String version) {
    String file = artifact + "-" + version + ".jar";
    Path jar =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(p -> p.getFileName() != null && p.getFileName().toString().equals(file))
            .findFirst()
            .orElse(
                M2.resolve(group.replace('.', '/'))
                    .resolve(artifact)
                    .resolve(version)
                    .resolve(file));
    assertThat(jar)
        .as("%s:%s:%s, a test dependency of core", group, artifact, version)
        .isRegularFile();
    try {
      return Files.readAllBytes(jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] jarOf(String artifact) {
    return deflated(
        entries(
            "META-INF/maven/com.example/" + artifact + "/pom.properties",
            "groupId=com.example\nartifactId=" + artifact + "\nversion=1\n"));
  }

  /** Names then contents (a String or bytes); a name may repeat. */
  private static List<Map.Entry<String, byte[]>> entries(Object... nameThenContent) {
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      Object content = nameThenContent[i + 1];
      byte[] bytes =
          content instanceof byte[] b ? b : ((String) content).getBytes(StandardCharsets.UTF_8);
      entries.add(Map.entry((String) nameThenContent[i], bytes));
    }
    return entries;
  }

  private static byte[] deflated(List<Map.Entry<String, byte[]>> entries) {
    return zip(entries, false);
  }

  /** Stored, as Spring Boot stores its nested jars. */
  private static byte[] stored(List<Map.Entry<String, byte[]>> entries) {
    return zip(entries, true);
  }

  private static byte[] zip(List<Map.Entry<String, byte[]>> entries, boolean stored) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries) {
        ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putArchiveEntry(entry);
        zip.write(e.getValue());
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
