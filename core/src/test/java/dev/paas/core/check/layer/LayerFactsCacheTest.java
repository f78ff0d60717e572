package dev.paas.core.check.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.secrets.SecretMatch;
import dev.paas.core.inventory.InstalledPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerFactsCacheTest {
  @TempDir Path dir;

  static final String DIFF_ID = "sha256:" + "ab".repeat(32);

  static LayerFacts facts() {
    return new LayerFacts(
        DIFF_ID,
        List.of("sha256:" + "cd".repeat(32), DIFF_ID),
        List.of(
            new LayerEntry("/etc/passwd", LayerEntry.Type.FILE, 0644, 0, 0, 31, "", false),
            new LayerEntry("/bin", LayerEntry.Type.SYMLINK, 0777, 0, 0, 0, "usr/bin", false),
            new LayerEntry(
                "/x/\u00e9t\u00e9 \u2603", LayerEntry.Type.CHAR_DEVICE, 0600, 5, 7, 0, "", true)),
        List.of(
            new SecretMatch(
                "password", "a secret", "/app/a.properties", 2, "s3******d!", "0123456789abcdef")),
        Map.of("/etc/passwd", "root:x:0:0::/root:/bin/sh\n" + "u".repeat(70_000)),
        List.of(
            new InstalledPackage(
                InstalledPackage.Kind.DPKG,
                "libc6",
                "2.36-9+deb12u10",
                "glibc",
                "2.36-9+deb12u10",
                "amd64",
                "/var/lib/dpkg/status",
                "dpkg-status"),
            new InstalledPackage(
                InstalledPackage.Kind.MAVEN,
                "org.apache.commons:commons-text",
                "1.9",
                "",
                "",
                "",
                "/app/app.jar!/BOOT-INF/lib/commons-text-1.9.jar",
                "pom.properties")),
        List.of("/app/broken.jar could not be read as a zip"));
  }

  @Test
  void factsComeBackAsTheyWentIn() {
    LayerFactsCache cache = new LayerFactsCache(dir);
    assertThat(cache.get(DIFF_ID)).isEmpty();
    cache.put(facts());
    assertThat(cache.get(DIFF_ID)).contains(facts());
    assertThat(new LayerFactsCache(dir).get(DIFF_ID)).contains(facts());
  }

  @Test
  void aDamagedOrForeignEntryCountsAsNone() throws Exception {
    LayerFactsCache cache = new LayerFactsCache(dir);
    cache.put(facts());
    Path file;
    try (var files = Files.walk(dir)) {
      file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(cache.get(DIFF_ID)).isEmpty();
    Files.writeString(file, "garbage");
    assertThat(cache.get(DIFF_ID)).isEmpty();
    // Facts stored under another layer's name are not that layer's.
    String other = "sha256:" + "ef".repeat(32);
    cache.put(facts());
    Files.copy(
        file,
        file.resolveSibling(other.substring(7) + ".facts"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(cache.get(other)).isEmpty();
    assertThat(cache.get("not a digest")).isEmpty();
  }
}
