package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.image.OciImage;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Times the secret scan against plain decompression on the real base image: (a) gunzip and read
 * every layer, (b) gunzip, walk the tar and scan every file; (c), for reference, walk the tar
 * without scanning, which shows what the scan itself costs. Run with {@code java -cp
 * core/target/classes:core/target/test-classes:<deps>
 * dev.paas.core.check.secrets.SecretScanBenchmark}.
 */
public final class SecretScanBenchmark {
  private SecretScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path archive = args.length > 0 ? Path.of(args[0]) : BaseImageLayers.archive();
    int rounds = 3;
    SecretScanner scanner = new SecretScanner(ArchiveLimits.DEFAULT);
    try (OciImage image = BaseImageLayers.open(archive)) {
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        long bytes = gunzipAll(image);
        long gunzip = System.nanoTime() - start;
        start = System.nanoTime();
        int[] matches = {0};
        int files =
            BaseImageLayers.forEachFile(
                image,
                (path, size, content) ->
                    matches[0] += scanner.scanFile(path, size, content).size());
        long scan = System.nanoTime() - start;
        start = System.nanoTime();
        BaseImageLayers.forEachFile(image, (path, size, content) -> {});
        long tar = System.nanoTime() - start;
        System.out.printf(
            "round %d: (a) gunzip %d MB in %d ms; (b) gunzip+tar+scan %d files in"
                + " %d ms, %d matches; (c) gunzip+tar %d ms; b/a = %.2f, c/a = %.2f%n",
            round,
            bytes >> 20,
            gunzip / 1_000_000,
            files,
            scan / 1_000_000,
            matches[0],
            tar / 1_000_000,
            (double) scan / gunzip,
            (double) tar / gunzip);
      }
    }
  }

  private static long gunzipAll(OciImage image) throws Exception {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    for (int i = 0; i < image.storedLayers().size(); i++) {
      try (InputStream in = BaseImageLayers.gunzipped(image, i)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          total += n;
        }
      }
    }
    return total;
  }
}
