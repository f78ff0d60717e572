package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedLayersArchiveTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final String B1 = "a".repeat(64);
  private static final String B2 = "b".repeat(64);

  @TempDir Path dir;
  Path archive;
  Path cache;
  Path slim;

  @BeforeEach
  void writeArchive() throws IOException {
    archive = dir.resolve("base.tar");
    cache = dir.resolve("jib-local");
    slim = dir.resolve("base.cached.tar");
    byte[] config =
        new ObjectMapper()
            .writeValueAsBytes(
                Map.of("rootfs", Map.of("type", "layers", "diff_ids", List.of(D1, D2))));
    byte[] manifest =
        new ObjectMapper()
            .writeValueAsBytes(
                List.of(
                    Map.of(
                        "Config",
                        "config.json",
                        "RepoTags",
                        List.of(),
                        "Layers",
                        List.of("base-0.tar.gz", "run-0.tar.gz"))));
    try (OutputStream out = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      put(tar, "base-0.tar.gz", new byte[100_000]);
      put(tar, "run-0.tar.gz", new byte[50_000]);
      put(tar, "config.json", config);
      put(tar, "manifest.json", manifest);
    }
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    new ByteArrayInputStream(bytes).transferTo(tar);
    tar.closeArchiveEntry();
  }

  private void cacheLayer(String diffId, String blob) throws IOException {
    Path layer = cache.resolve("local").resolve(diffId.substring(7)).resolve(blob);
    Files.createDirectories(layer.getParent());
    Files.writeString(layer, "cached layer bytes");
  }

  private static Map<String, byte[]> entries(Path tar) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void whenJibsCacheHoldsEveryLayerJibGetsTheArchiveWithoutTheirBytes() throws IOException {
    cacheLayer(D1, B1);
    cacheLayer(D2, B2);

    CachedLayersArchive chosen = CachedLayersArchive.choose(archive, cache, slim);

    assertThat(chosen.archive()).isEqualTo(slim);
    assertThat(chosen.cachedDigests()).containsExactly("sha256:" + B1, "sha256:" + B2);
    Map<String, byte[]> full = entries(archive);
    Map<String, byte[]> lean = entries(slim);
    assertThat(lean.keySet()).containsExactlyInAnyOrderElementsOf(full.keySet());
    assertThat(lean.get("base-0.tar.gz")).isEmpty();
    assertThat(lean.get("run-0.tar.gz")).isEmpty();
    assertThat(lean.get("config.json")).isEqualTo(full.get("config.json"));
    assertThat(lean.get("manifest.json")).isEqualTo(full.get("manifest.json"));
    assertThat(Files.size(slim)).isLessThan(10_000);
  }

  @Test
  void aLayerMissingFromTheCacheMeansTheFullArchive() throws IOException {
    cacheLayer(D1, B1);

    CachedLayersArchive chosen = CachedLayersArchive.choose(archive, cache, slim);

    assertThat(chosen.archive()).isEqualTo(archive);
    assertThat(chosen.cachedDigests()).isEmpty();
    assertThat(slim).doesNotExist();
  }

  @Test
  void anEmptyOrAmbiguousCacheEntryIsNotTrusted() throws IOException {
    cacheLayer(D1, B1);
    cacheLayer(D2, B2);
    Path empty = cache.resolve("local").resolve(D2.substring(7)).resolve(B2);
    Files.write(empty, new byte[0]);
    assertThat(CachedLayersArchive.choose(archive, cache, slim).archive()).isEqualTo(archive);

    Files.writeString(empty, "bytes");
    Files.writeString(empty.resolveSibling("c".repeat(64)), "another blob for the same diff_id");
    assertThat(CachedLayersArchive.choose(archive, cache, slim).archive()).isEqualTo(archive);
  }

  @Test
  void anArchiveWithoutManifestIsGivenAsItIs() throws IOException {
    Path odd = dir.resolve("odd.tar");
    try (OutputStream out = Files.newOutputStream(odd);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      put(tar, "layer.tar", "x".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(CachedLayersArchive.choose(odd, cache, slim).archive()).isEqualTo(odd);
  }
}
