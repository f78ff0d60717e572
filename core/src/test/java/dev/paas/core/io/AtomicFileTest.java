package dev.paas.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void writesTheWholeFileReadableByOthers() throws IOException {
    Path target = dir.resolve("sub/images.json");
    AtomicFile.write(target, out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(target).hasContent("{}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("pin");
    Files.writeString(target, "sha256:old");

    assertThatThrownBy(
            () ->
                AtomicFile.write(
                    target,
                    out -> {
                      out.write("sha256:ne".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");

    assertThat(target).hasContent("sha256:old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void limitedInputStopsPastTheLimitNamingTheInput() throws IOException {
    byte[] eight = new byte[8];
    assertThat(LimitedInput.readAll(new ByteArrayInputStream(eight), 8, "config")).hasSize(8);
    assertThatThrownBy(() -> LimitedInput.readAll(new ByteArrayInputStream(eight), 7, "config"))
        .hasMessage("config is larger than 7 bytes");
  }
}
