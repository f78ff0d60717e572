package dev.paas.core.check.layer;

import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.check.secrets.SecretScanner;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.OciImage;
import dev.paas.core.io.FileRange;
import dev.paas.core.testing.OciFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * What proving a layer's digest costs, without JMH: a generated ~60 MB layer (text-like files) in
 * an OCI archive, read by the layer reader (with the secret scan, and without) as the gate reads it
 * now (the verifying stream hashes the stored bytes, the reader does not hash them again) and as it
 * did before (the raw archive entry, hashed by the reader), and the hash a warm check now takes of
 * a cached layer's stored blob, each the median of a few runs. Run: java -cp ...
 * dev.paas.core.check.layer.VerificationCost [runs [oci-archive path]]; with a path, it times
 * proving every layer of that archive (the warm path) instead.
 */
public final class VerificationCost {
  private VerificationCost() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    if (args.length > 1) {
      warmPath(Path.of(args[1]), runs);
      return;
    }
    Path dir = Files.createTempDirectory("paas-verification-cost");
    Random random = new Random(42);
    Map<String, byte[]> files = new TreeMap<>();
    String[] words = {
      "alpha",
      "beta",
      "gamma",
      "delta",
      "config",
      "value",
      "server",
      "port",
      "=",
      "\n",
      "class",
      "public",
      "static",
      "void",
      "import",
      "java.util"
    };
    for (int i = 0; i < 600; i++) {
      StringBuilder text = new StringBuilder();
      while (text.length() < 100_000) {
        text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
      }
      files.put("app/data/file" + i + ".txt", text.toString().getBytes());
    }
    OciFixtures.Layer layer = OciFixtures.binaryLayer(files);
    OciFixtures.Image image = OciFixtures.image(layer);
    Path archive = OciFixtures.ociArchive(image, dir.resolve("big.tar"));
    System.out.printf(
        "layer: %d MB uncompressed, %d MB compressed%n",
        layer.tar().length >> 20, layer.gzip().length >> 20);

    SecretScanner secrets = new SecretScanner(ArchiveLimits.DEFAULT);
    LayerReader reader = new LayerReader(LayerReader.Limits.DEFAULT);
    List<Long> verified = new ArrayList<>();
    List<Long> raw = new ArrayList<>();
    List<Long> warm = new ArrayList<>();
    List<Long> readOnlyVerified = new ArrayList<>();
    List<Long> readOnlyRaw = new ArrayList<>();
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      for (int run = 0; run < runs + 1; run++) {
        long t0 = System.nanoTime();
        try (InputStream in = source.openStoredLayer(0)) {
          reader.read(
              in,
              layer.digest(),
              "bench",
              (entry, content) -> secrets.scanFile(entry.path(), entry.size(), content));
        }
        long t1 = System.nanoTime();
        try (InputStream in = rawEntry(archive, layer.digest())) {
          reader.read(
              in,
              "bench",
              (entry, content) -> secrets.scanFile(entry.path(), entry.size(), content));
        }
        long t2 = System.nanoTime();
        source.storedLayerDigest(0);
        long t3 = System.nanoTime();
        try (InputStream in = source.openStoredLayer(0)) {
          reader.read(
              in,
              layer.digest(),
              "bench",
              (entry, content) -> content.transferTo(OutputStream.nullOutputStream()));
        }
        long t4 = System.nanoTime();
        try (InputStream in = rawEntry(archive, layer.digest())) {
          reader.read(
              in, "bench", (entry, content) -> content.transferTo(OutputStream.nullOutputStream()));
        }
        long t5 = System.nanoTime();
        if (run > 0) { // the first run warms the JIT
          verified.add(t1 - t0);
          raw.add(t2 - t1);
          warm.add(t3 - t2);
          readOnlyVerified.add(t4 - t3);
          readOnlyRaw.add(t5 - t4);
        }
      }
    }
    System.out.printf("scan (secrets) from the verifying stream: %d ms%n", median(verified));
    System.out.printf("scan (secrets) from the raw entry:        %d ms%n", median(raw));
    System.out.printf(
        "inflate+untar only, verifying stream:     %d ms%n", median(readOnlyVerified));
    System.out.printf("inflate+untar only, raw entry:            %d ms%n", median(readOnlyRaw));
    System.out.printf("warm: hash of the stored blob:            %d ms%n", median(warm));
  }

  // What a warm check adds for an OCI archive whose layers are all cached: hashing each stored
  // blob once (in parallel, as ImageInspector does), where it used to trust the manifest.
  private static void warmPath(Path archive, int runs) throws Exception {
    try (OciImage source = OciImage.open(ImageReference.parse("oci-archive:" + archive, "image"))) {
      long bytes = source.layers().stream().mapToLong(OciImage.Descriptor::size).sum();
      List<Long> times = new ArrayList<>();
      for (int run = 0; run < runs + 1; run++) {
        long t0 = System.nanoTime();
        IntStream.range(0, source.layers().size())
            .parallel()
            .forEach(
                i -> {
                  try {
                    source.storedLayerDigest(i);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        if (run > 0) {
          times.add(System.nanoTime() - t0);
        }
      }
      System.out.printf(
          "%s: %d layers, %d MB stored; proving them all: %d ms%n",
          archive, source.layers().size(), bytes >> 20, median(times));
    }
  }

  // The blob's bytes straight from the archive, as the gate read them before they were proven.
  private static InputStream rawEntry(Path archive, String digest) throws IOException {
    try (var tar = new TarFile(archive)) {
      var entry =
          tar.getEntries().stream()
              .filter(e -> e.getName().equals(OciFixtures.blobPath(digest)))
              .findFirst()
              .orElseThrow();
      return FileRange.open(archive, entry.getDataOffset(), entry.getSize());
    }
  }

  private static long median(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2] / 1_000_000;
  }
}
