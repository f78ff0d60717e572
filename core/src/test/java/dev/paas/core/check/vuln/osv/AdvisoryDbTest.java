package dev.paas.core.check.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryDbTest {
  static final List<String> REAL =
      List.of(
          "GHSA-jfh8-c2jp-5v3q.json",
          "GHSA-7rjr-3q55-vv33.json",
          "GHSA-57j2-w4cx-62h2.json",
          "GHSA-jjjh-jjxp-wpff.json");

  @TempDir Path dir;

  /** An all.zip as osv.dev publishes it: one advisory document per entry. */
  static Path allZip(Path zip, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return zip;
  }

  static Path realZip(Path zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String name : REAL) {
      entries.put(name, OsvParserTest.resource(name));
    }
    return allZip(zip, entries);
  }

  @Test
  void loadsAnAllZipAndIndexesOnlyEachPackagesEntries() throws Exception {
    AdvisoryDb db = AdvisoryDb.load(realZip(dir.resolve("all.zip")));

    assertThat(db.size()).isEqualTo(4);
    assertThat(db.ecosystemKeys()).containsExactly("maven");
    List<AdvisoryDb.Entry> log4j = db.lookup("maven", "org.apache.logging.log4j:log4j-core");
    assertThat(log4j)
        .extracting(e -> e.advisory().id())
        .containsExactlyInAnyOrder("GHSA-jfh8-c2jp-5v3q", "GHSA-7rjr-3q55-vv33");
    assertThat(log4j)
        .filteredOn(e -> e.advisory().id().equals("GHSA-jfh8-c2jp-5v3q"))
        .singleElement()
        .satisfies(e -> assertThat(e.affected()).hasSize(3));
    assertThat(db.lookup("maven", "com.fasterxml.jackson.core:jackson-databind")).hasSize(2);
    assertThat(db.lookup("maven", "nothing:here")).isEmpty();
    assertThat(db.lookup("debian:12", "openssl")).isEmpty();
    assertThat(db.uniqueMavenGroup("log4j-core")).contains("org.apache.logging.log4j");
    assertThat(db.uniqueMavenGroup("unknown")).isEmpty();
  }

  @Test
  void loadsADirectoryRecursivelyWithJsonFilesAndZips() throws Exception {
    Path nested = Files.createDirectories(dir.resolve("a/b"));
    Files.write(
        nested.resolve("GHSA-jfh8-c2jp-5v3q.json"),
        OsvParserTest.resource("GHSA-jfh8-c2jp-5v3q.json"));
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    allZip(
        dir.resolve("Debian.zip"), Map.of("DEBIAN-CVE-2024-1.json", debian("DEBIAN-CVE-2024-1")));
    allZip(
        dir.resolve("a/Maven.zip"),
        Map.of("GHSA-57j2-w4cx-62h2.json", OsvParserTest.resource("GHSA-57j2-w4cx-62h2.json")));

    AdvisoryDb db = AdvisoryDb.load(dir);

    assertThat(db.advisories())
        .extracting(Advisory::id)
        .containsExactlyInAnyOrder(
            "GHSA-jfh8-c2jp-5v3q", "DEBIAN-CVE-2024-1", "GHSA-57j2-w4cx-62h2");
    assertThat(db.lookup("debian:12", "openssl")).hasSize(1);
  }

  @Test
  void loadsASingleJsonFile() throws Exception {
    Path file = dir.resolve("GHSA-7rjr-3q55-vv33.json");
    Files.write(file, OsvParserTest.resource("GHSA-7rjr-3q55-vv33.json"));
    assertThat(AdvisoryDb.load(file).size()).isEqualTo(1);
  }

  @Test
  void errorsSayWhatWhereAndWhatToDo() throws Exception {
    assertThatThrownBy(() -> AdvisoryDb.load(dir.resolve("missing.zip")))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "vulnerability database " + dir.resolve("missing.zip") + " does not exist")
        .hasMessageContaining("vulnerabilityDb");
    assertThatThrownBy(() -> AdvisoryDb.cached(dir.resolve("missing.zip")))
        .hasMessageContaining("does not exist");

    Path broken = dir.resolve("broken.zip");
    Files.writeString(broken, "this is not a zip");
    assertThatThrownBy(() -> AdvisoryDb.load(broken))
        .hasMessageContaining("OSV zip " + broken + " is not a readable zip")
        .hasMessageContaining("download it again");

    Path bad =
        allZip(
            dir.resolve("bad.zip"),
            Map.of(
                "GOOD.json",
                debian("GOOD"),
                "BAD-1.json",
                "{\"id\": \"BAD-1\", \"affected\": [{}]}".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> AdvisoryDb.load(bad))
        .hasMessageContaining(
            "OSV zip "
                + bad
                + ", entry BAD-1.json: not an OSV advisory: affected[0] names no package");

    Path other = dir.resolve("advisories.txt");
    Files.writeString(other, "x");
    assertThatThrownBy(() -> AdvisoryDb.load(other))
        .hasMessageContaining("is neither a directory, a .zip nor a .json");
  }

  @Test
  void aMalformedFileInADirectoryIsNamed() throws Exception {
    for (int i = 0; i < 100; i++) {
      Files.write(dir.resolve("D-" + i + ".json"), debian("D-" + i));
    }
    Files.writeString(dir.resolve("D-50.json"), "{\"id\": ");
    assertThatThrownBy(() -> AdvisoryDb.load(dir))
        .hasMessageContaining(
            "OSV file " + dir.resolve("D-50.json") + ": not an OSV advisory: it is not valid JSON");
  }

  @Test
  void cachedLoadsOnceUntilTheFileChanges() throws Exception {
    Path zip = realZip(dir.resolve("all.zip"));
    AdvisoryDb first = AdvisoryDb.cached(zip);
    assertThat(AdvisoryDb.cached(zip)).isSameAs(first);
    assertThat(AdvisoryDb.cached(dir.resolve(".").resolve("all.zip"))).isSameAs(first);

    allZip(zip, Map.of("ONE.json", debian("ONE")));
    Files.setLastModifiedTime(
        zip, FileTime.fromMillis(Files.getLastModifiedTime(zip).toMillis() + 5000));
    AdvisoryDb second = AdvisoryDb.cached(zip);
    assertThat(second).isNotSameAs(first);
    assertThat(second.advisories()).extracting(Advisory::id).containsExactly("ONE");
  }

  @Test
  void cachedNoticesANewFileInADirectory() throws Exception {
    Path db = Files.createDirectories(dir.resolve("db"));
    Files.write(db.resolve("A.json"), debian("A"));
    AdvisoryDb first = AdvisoryDb.cached(db);
    assertThat(AdvisoryDb.cached(db)).isSameAs(first);
    Files.write(db.resolve("B.json"), debian("B"));
    assertThat(AdvisoryDb.cached(db).size()).isEqualTo(2);
  }

  @Test
  void ofAndMergeKeepOneAdvisoryPerIdTheNewer() throws Exception {
    Advisory older = OsvParser.parse(debian("DSA-1", "2024-01-01T00:00:00Z", "1.0-1"), "older");
    Advisory newer = OsvParser.parse(debian("DSA-1", "2024-06-01T00:00:00Z", "1.0-2"), "newer");
    Advisory other = OsvParser.parse(debian("DSA-2"), "other");

    AdvisoryDb db = AdvisoryDb.of(List.of(older, other));
    assertThat(db.merge(AdvisoryDb.of(List.of(newer))).advisories()).containsExactly(newer, other);
    assertThat(AdvisoryDb.of(List.of(newer)).merge(List.of(older)).advisories())
        .containsExactly(newer);
    assertThat(db.lookup("debian:12", "openssl")).hasSize(2);
  }

  @Test
  void withdrawnAdvisoriesAreKeptButNotIndexed() throws Exception {
    Advisory withdrawn =
        OsvParser.parse(
            ("{\"id\": \"W-1\", \"withdrawn\": \"2024-01-01T00:00:00Z\","
                    + " \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"openssl\"}}]}")
                .getBytes(StandardCharsets.UTF_8),
            "w");
    AdvisoryDb db = AdvisoryDb.of(List.of(withdrawn));
    assertThat(db.advisories()).containsExactly(withdrawn);
    assertThat(db.lookup("debian:12", "openssl")).isEmpty();
  }

  @Test
  void ubuntuStandardAndProEntriesOfOneAdvisoryAreOneEntry() throws Exception {
    Advisory a =
        OsvParser.parse(
            """
        {"id": "UBUNTU-CVE-2024-1", "affected": [
          {"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "vips"}, "versions": ["8.12.1-1"]},
          {"package": {"ecosystem": "Ubuntu:Pro:22.04:LTS", "name": "vips"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "8.12.1-1ubuntu0.1~esm1"}]}]},
          {"package": {"ecosystem": "Ubuntu:24.04:LTS", "name": "vips"}, "versions": ["8.15.1-1"]}]}
        """
                .getBytes(StandardCharsets.UTF_8),
            "u");
    AdvisoryDb db = AdvisoryDb.of(List.of(a));
    assertThat(db.lookup("ubuntu:22.04", "vips"))
        .singleElement()
        .satisfies(e -> assertThat(e.affected()).hasSize(2));
    assertThat(db.lookup("ubuntu:24.04", "vips")).hasSize(1);
  }

  static byte[] debian(String id) {
    return debian(id, "2024-01-01T00:00:00Z", "3.0.11-1~deb12u2");
  }

  /** A Debian advisory in the shape osv.dev publishes (written for the test, not copied). */
  static byte[] debian(String id, String modified, String fixed) {
    return ("{\"id\": \""
            + id
            + "\", \"modified\": \""
            + modified
            + "\", \"affected\": [{\"package\":"
            + " {\"ecosystem\": \"Debian:12\", \"name\": \"openssl\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\","
            + " \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \""
            + fixed
            + "\"}]}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
