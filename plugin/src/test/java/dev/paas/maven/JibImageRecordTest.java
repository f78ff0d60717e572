package dev.paas.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jib-image.json as jib-maven-plugin 3.x writes it, and what paas:push makes of a bad one. */
class JibImageRecordTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final String ID = "sha256:" + "cd".repeat(32);

  @TempDir Path dir;

  @Test
  void readsWhatJibRecorded() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("jib-image.json"),
            "{\"image\":\"registry.example/team/app:1\","
                + "\"imageId\":\""
                + ID
                + "\",\"imageDigest\":\""
                + DIGEST
                + "\",\"tags\":[\"1\"],"
                + "\"imagePushed\":true}");

    assertThat(JibImageRecord.read(file))
        .isEqualTo(new JibImageRecord(file, "registry.example/team/app:1", DIGEST, ID, true));
  }

  @Test
  void aMissingRecordSaysHowToBuildTheImage() {
    Path file = dir.resolve("jib-image.json");

    assertThatThrownBy(() -> JibImageRecord.read(file))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(file + " does not exist")
        .hasMessageContaining("jib:build");
  }

  @Test
  void aRecordWithoutADigestIsRefused() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("jib-image.json"), "{\"image\":\"app:1\",\"imageDigest\":\"md5:1\"}");

    assertThatThrownBy(() -> JibImageRecord.read(file))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(file + " records no image digest (imageDigest 'md5:1')");
  }

  @Test
  void somethingElseThanJsonIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("jib-image.json"), "{not json");

    assertThatThrownBy(() -> JibImageRecord.read(file))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(file + " cannot be read as Jib's image record");
  }
}
