package dev.paas.core.inventory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.paas.core.inventory.InstalledPackage.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DpkgStatusTest {

  static final String STATUS = "/var/lib/dpkg/status";

  static InstalledPackage dpkg(
      String name, String version, String source, String sourceVersion, String arch, String path) {
    return new InstalledPackage(
        Kind.DPKG, name, version, source, sourceVersion, arch, path, "dpkg-status");
  }

  /** This machine's own status file, read as dpkg-query reads it. */
  @Test
  void readsThisMachinesStatusAsDpkgQueryDoes() throws Exception {
    Path status = Path.of(STATUS);
    assumeThat(Files.isReadable(status)).as("a Debian-based build machine").isTrue();
    Process query =
        new ProcessBuilder(
                "dpkg-query",
                "-W",
                "-f",
                "${db:Status-Abbrev}|${Package}|${Version}|${source:Package}|${source:Version}"
                    + "|${Architecture}\\n")
            .redirectErrorStream(true)
            .start();
    String out = new String(query.getInputStream().readAllBytes(), UTF_8);
    assumeThat(query.waitFor()).as("dpkg-query runs").isZero();
    Set<InstalledPackage> expected =
        out.lines()
            .filter(l -> l.startsWith("ii"))
            .map(l -> l.split("\\|", -1))
            .map(f -> dpkg(f[1], f[2], f[3], f[4], f[5], STATUS))
            .collect(Collectors.toSet());

    PackageDatabases.Read read = PackageDatabases.read(STATUS, Files.readAllBytes(status));

    assertThat(read.problems()).isEmpty();
    assertThat(read.packages())
        .hasSize(expected.size())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read.packages())
        .filteredOn(p -> p.name().equals("libc6"))
        .singleElement()
        .satisfies(p -> assertThat(p.sourceName()).isEqualTo("glibc"));
  }

  @Test
  void distrolessStatusDFilesHaveNoStatusAndAreAllInstalled() {
    String dir = "/var/lib/dpkg/status.d/";
    assertThat(read(dir + "libc6", "/dpkg/status.d/libc6").packages())
        .containsExactly(
            dpkg("libc6", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4", "amd64", dir + "libc6"));
    assertThat(read(dir + "libssl3", "/dpkg/status.d/libssl3").packages())
        .containsExactly(
            dpkg(
                "libssl3",
                "3.0.11-1~deb12u2",
                "openssl",
                "3.0.11-1~deb12u2",
                "amd64",
                dir + "libssl3"));
    assertThat(read(dir + "base-files", "/dpkg/status.d/base-files").packages())
        .containsExactly(
            dpkg(
                "base-files",
                "12.4+deb12u5",
                "base-files",
                "12.4+deb12u5",
                "amd64",
                dir + "base-files"));
    assertThat(read(dir + "libgcc-s1", "/dpkg/status.d/libgcc-s1").packages())
        .containsExactly(
            dpkg("libgcc-s1", "12.2.0-14", "gcc-12", "12.2.0-14", "amd64", dir + "libgcc-s1"));
  }

  @Test
  void onlyInstalledParagraphsCount() {
    String status =
        """
        Package: gone
        Status: deinstall ok config-files
        Version: 1.0

        Package: half
        Status: install reinstreq half-installed
        Version: 2.0

        Package: held
        Status: hold ok installed
        Architecture: all
        Version: 3.0

        Package: bash
        Status: install ok installed
        Architecture: amd64
        Source: bash (5.2.15-2)
        Version: 5.2.15-2+b2
        Description: GNU Bourne Again SHell
         Bash is an sh-compatible command language interpreter.
         .
         Source: not-a-field (1)
        """;
    PackageDatabases.Read read = DpkgStatus.read(STATUS, status.getBytes(UTF_8));
    assertThat(read.problems()).isEmpty();
    assertThat(read.packages())
        .containsExactly(
            dpkg("held", "3.0", "held", "3.0", "all", STATUS),
            dpkg("bash", "5.2.15-2+b2", "bash", "5.2.15-2", "amd64", STATUS));
  }

  @Test
  void crlfExtraBlankLinesAndNoFinalNewline() {
    String status =
        "\r\n\r\nPackage: a\r\nVersion: 1\r\nStatus: install ok installed\r\n"
            + "\r\n   \r\n\r\nPackage: b\r\nVersion: 2";
    assertThat(DpkgStatus.read(STATUS, status.getBytes(UTF_8)).packages())
        .extracting(InstalledPackage::name)
        .containsExactly("a", "b");
  }

  @Test
  void aBrokenParagraphIsAProblemAndTheOthersStay() {
    String status =
        """
        Package: a
        Version: 1

        Package: noversion
        Status: install ok installed

        not a field line
        Version: 9

        Package: b
        Version: 2
        """;
    PackageDatabases.Read read = DpkgStatus.read(STATUS, status.getBytes(UTF_8));
    assertThat(read.packages()).extracting(InstalledPackage::name).containsExactly("a", "b");
    assertThat(read.problems())
        .containsExactly(
            STATUS
                + ":4 describes an installed package without a Version (package noversion);"
                + " it is not in the inventory",
            STATUS + ":7 is not a 'Field: value' line; it is ignored",
            STATUS
                + ":7 describes an installed package without a Package name;"
                + " it is not in the inventory");
  }

  @Test
  void binaryDataIsAProblemNotAnException() {
    PackageDatabases.Read read = DpkgStatus.read(STATUS, new byte[] {1, 0, (byte) 0xff, 10});
    assertThat(read.packages()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith(STATUS + " is not a readable dpkg status file");
  }

  private static PackageDatabases.Read read(String path, String resource) {
    PackageDatabases.Read read = PackageDatabases.read(path, Resources.bytes(resource));
    assertThat(read.problems()).isEmpty();
    return read;
  }

  @Test
  void emptyFileIsNoPackages() {
    assertThat(DpkgStatus.read(STATUS, new byte[0]))
        .isEqualTo(new PackageDatabases.Read(List.of(), List.of()));
  }
}
