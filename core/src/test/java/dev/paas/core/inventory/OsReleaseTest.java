package dev.paas.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OsReleaseTest {

  static String resource(String name) throws IOException {
    try (InputStream in = OsReleaseTest.class.getResourceAsStream("/os-release/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void debianBookwormAsThisMachineHasIt() throws IOException {
    assertThat(OsRelease.parse(resource("debian-12")))
        .isEqualTo(
            new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", List.of()));
  }

  @Test
  void alpine() throws IOException {
    assertThat(OsRelease.parse(resource("alpine-3.19")))
        .isEqualTo(new OsRelease("alpine", "3.19.1", "", "Alpine Linux v3.19", List.of()));
  }

  @Test
  void rhelUbi9() throws IOException {
    assertThat(OsRelease.parse(resource("ubi9")))
        .isEqualTo(
            new OsRelease(
                "rhel", "9.4", "", "Red Hat Enterprise Linux 9.4 (Plow)", List.of("fedora")));
  }

  @Test
  void rocky9() throws IOException {
    assertThat(OsRelease.parse(resource("rocky-9")))
        .isEqualTo(
            new OsRelease(
                "rocky",
                "9.3",
                "",
                "Rocky Linux 9.3 (Blue Onyx)",
                List.of("rhel", "centos", "fedora")));
  }

  @Test
  void ubuntuJammy() throws IOException {
    assertThat(OsRelease.parse(resource("ubuntu-22.04")))
        .isEqualTo(
            new OsRelease("ubuntu", "22.04", "jammy", "Ubuntu 22.04.4 LTS", List.of("debian")));
  }

  @Test
  void quotesEscapesCommentsAndJunk() {
    OsRelease os =
        OsRelease.parse(
            """
        # a comment

        ID='my distro'\r
        PRETTY_NAME="say \\"hi\\" \\\\ \\$HOME \\`x\\`"
        VERSION_ID=1.0 # trailing comment
        this line is not an assignment
        =novalue
        ID_LIKE="  a   b\tc "
        """);
    assertThat(os)
        .isEqualTo(
            new OsRelease(
                "my distro", "1.0", "", "say \"hi\" \\ $HOME `x`", List.of("a", "b", "c")));
  }

  @Test
  void nothingGivesEmptyStrings() {
    assertThat(OsRelease.parse("")).isEqualTo(new OsRelease("", "", "", "", List.of()));
    assertThat(OsRelease.parse("ID=\"unterminated"))
        .isEqualTo(new OsRelease("unterminated", "", "", "", List.of()));
  }
}
