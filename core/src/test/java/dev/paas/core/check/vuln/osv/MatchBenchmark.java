package dev.paas.core.check.vuln.osv;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.InstalledPackage.Kind;
import dev.paas.core.inventory.OsRelease;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Not a unit test: the speed of loading and matching OSV advisories at a realistic scale, run by
 * {@code bench/vulnerabilities.sh}.
 *
 * <p>Writes N synthetic advisories (default 100,000) in the shapes osv.dev publishes — Maven,
 * Debian:12, Alpine:v3.19, Ubuntu:22.04:LTS and Red Hat:enterprise_linux:9 entries, one to three
 * affected entries, ranges with one or two introduced/fixed intervals, some last_affected, some
 * versions lists, details and references like real documents — into one {@code all.zip}, and an
 * image of M packages (default 10,000: Debian 12 dpkg packages and Java libraries, drawn from the
 * advisories' package names so that most are looked at). Then, for R rounds (default 5), times
 *
 * <ul>
 *   <li>{@code AdvisoryDb.load} of the zip (parse in parallel, intern, index), and the indexing
 *       alone ({@code AdvisoryDb.of} of the advisories read);
 *   <li>the reference: a plain Jackson {@code readTree} of every entry of the same zip, in one
 *       thread and in parallel, with no model and no index;
 *   <li>reading every entry's bytes only, in parallel: the floor under both;
 *   <li>{@code AdvisoryMatcher.match} of the image against the loaded database;
 *   <li>{@code AdvisoryDb.cached} after the first call;
 * </ul>
 *
 * and prints the medians, and load as a ratio of the plain parse.
 *
 * <pre>
 * java -cp ... dev.paas.core.check.vuln.osv.MatchBenchmark DIR [ROUNDS [ADVISORIES [PACKAGES]]]
 * </pre>
 */
public final class MatchBenchmark {
  private static final String[] ECOSYSTEMS = {
    "Maven",
    "Maven",
    "Maven",
    "Maven",
    "Debian:12",
    "Debian:12",
    "Debian:12",
    "Alpine:v3.19",
    "Ubuntu:22.04:LTS",
    "Red Hat:enterprise_linux:9::appstream"
  };
  private static final int NAMES = 6000;

  private MatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int advisories = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int packages = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    Files.createDirectories(dir);
    Path zip = dir.resolve("all.zip");
    long t0 = System.nanoTime();
    writeZip(zip, advisories);
    System.out.printf(
        "generated %,d advisories into %s (%,d bytes) in %.1f s%n",
        advisories, zip, Files.size(zip), (System.nanoTime() - t0) / 1e9);
    ImageInventory image = image(packages);
    AdvisoryMatcher matcher = new AdvisoryMatcher(VersionSchemes::forEcosystem);
    ObjectMapper mapper = new ObjectMapper();

    double[] load = new double[rounds];
    double[] plain = new double[rounds];
    double[] plainParallel = new double[rounds];
    double[] match = new double[rounds];
    double[] index = new double[rounds];
    double[] inflate = new double[rounds];
    int matches = 0;
    AdvisoryDb db = null;
    for (int r = -1; r < rounds; r++) { // round -1 warms the JIT up and is not counted
      long a = System.nanoTime();
      db = AdvisoryDb.load(zip);
      long b = System.nanoTime();
      int trees = plainParse(zip, mapper, false);
      long c = System.nanoTime();
      int treesParallel = plainParse(zip, mapper, true);
      long d = System.nanoTime();
      List<Match> found = matcher.match(image, db);
      long e = System.nanoTime();
      AdvisoryDb.of(db.advisories());
      long f = System.nanoTime();
      plainParse(zip, null, true);
      long g = System.nanoTime();
      if (trees != db.size() || treesParallel != db.size()) {
        throw new IllegalStateException(
            "plain parse read " + trees + " documents, load " + db.size());
      }
      matches = found.size();
      if (r >= 0) {
        load[r] = (b - a) / 1e6;
        plain[r] = (c - b) / 1e6;
        plainParallel[r] = (d - c) / 1e6;
        match[r] = (e - d) / 1e6;
        index[r] = (f - e) / 1e6;
        inflate[r] = (g - f) / 1e6;
      }
    }
    AdvisoryDb.cached(zip);
    long a = System.nanoTime();
    AdvisoryDb.cached(zip);
    double cachedMs = (System.nanoTime() - a) / 1e6;

    System.out.printf(
        "cores: %d, rounds: %d (medians below; first round discarded)%n",
        Runtime.getRuntime().availableProcessors(), rounds);
    System.out.printf("load   AdvisoryDb.load(all.zip)          %8.0f ms%n", median(load));
    System.out.printf("       of which indexing (AdvisoryDb.of)  %8.0f ms%n", median(index));
    System.out.printf(
        "plain  Jackson readTree, 1 thread        %8.0f ms   load/plain          = %.2f%n",
        median(plain), median(load) / median(plain));
    System.out.printf(
        "plain  Jackson readTree, parallel        %8.0f ms   load/plain-parallel = %.2f%n",
        median(plainParallel), median(load) / median(plainParallel));
    System.out.printf(
        "unzip  read every entry's bytes, parallel %8.0f ms   (the floor of both)%n",
        median(inflate));
    System.out.printf(
        "match  %,d packages x %,d advisories %8.0f ms   (%,d matches; target < 1000 ms)%n",
        packages, db.size(), median(match), matches);
    System.out.printf("cached AdvisoryDb.cached, second call    %8.1f ms%n", cachedMs);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static int plainParse(Path zip, ObjectMapper mapper, boolean parallel)
      throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      file.stream().filter(e -> e.getName().endsWith(".json")).forEach(entries::add);
      return (parallel ? entries.parallelStream() : entries.stream())
          .mapToInt(
              entry -> {
                try (InputStream in = file.getInputStream(entry)) {
                  byte[] bytes = in.readAllBytes();
                  return mapper == null
                      ? (bytes.length > 0 ? 1 : 0)
                      : mapper.readTree(bytes).has("id") ? 1 : 0;
                } catch (IOException ex) {
                  throw new UncheckedIOException(ex);
                }
              })
          .sum();
    }
  }

  static String packageName(String ecosystem, int i) {
    return ecosystem.equals("Maven") ? "org.example.g" + (i % 700) + ":artifact-" + i : "pkg" + i;
  }

  private static void writeZip(Path zip, int count) throws IOException {
    Random random = new Random(42);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < count; i++) {
        String id = "BENCH-" + i;
        z.putNextEntry(new ZipEntry(id + ".json"));
        z.write(document(id, random).getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
  }

  private static String document(String id, Random random) {
    String ecosystem = ECOSYSTEMS[random.nextInt(ECOSYSTEMS.length)];
    StringBuilder s = new StringBuilder(2048);
    s.append("{\n  \"schema_version\": \"1.6.0\",\n  \"id\": \"")
        .append(id)
        .append("\",\n")
        .append("  \"modified\": \"2024-0")
        .append(1 + random.nextInt(9))
        .append("-15T10:00:00Z\",\n")
        .append("  \"published\": \"2023-05-01T00:00:00Z\",\n")
        .append("  \"aliases\": [\"CVE-2023-")
        .append(10000 + random.nextInt(90000))
        .append("\"],\n")
        .append("  \"summary\": \"Synthetic advisory ")
        .append(id)
        .append(" for the benchmark\",\n")
        .append("  \"details\": \"");
    for (int k = 0; k < 6; k++) {
      s.append("A crafted input can make the parser read past the end of its buffer. ");
    }
    s.append(
            "\",\n  \"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],\n")
        .append("  \"affected\": [");
    int entries = 1 + (random.nextInt(10) < 7 ? 0 : random.nextInt(3));
    for (int e = 0; e < entries; e++) {
      String name = packageName(ecosystem, random.nextInt(NAMES));
      if (e > 0) {
        s.append(",");
      }
      s.append("\n    {\"package\": {\"ecosystem\": \"")
          .append(ecosystem)
          .append("\", \"name\": \"")
          .append(name)
          .append("\", \"purl\": \"pkg:generic/")
          .append(name)
          .append("\"},\n")
          .append("     \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [");
      int major = 1 + random.nextInt(5);
      int shape = random.nextInt(10);
      if (shape < 6) {
        s.append("{\"introduced\": \"0\"}, {\"fixed\": \"")
            .append(major)
            .append(".")
            .append(random.nextInt(20))
            .append(".")
            .append(random.nextInt(10))
            .append("\"}");
      } else if (shape < 8) {
        s.append("{\"introduced\": \"")
            .append(major)
            .append(".0\"}, {\"fixed\": \"")
            .append(major)
            .append(".")
            .append(5 + random.nextInt(10))
            .append("\"}, {\"introduced\": \"")
            .append(major + 1)
            .append(".0\"}, {\"fixed\": \"")
            .append(major + 1)
            .append(".")
            .append(1 + random.nextInt(9))
            .append("\"}");
      } else if (shape < 9) {
        s.append("{\"introduced\": \"0\"}, {\"last_affected\": \"")
            .append(major)
            .append(".")
            .append(random.nextInt(20))
            .append("\"}");
      } else {
        s.append("{\"introduced\": \"0\"}");
      }
      s.append("]}]");
      if (shape == 9 || random.nextInt(10) == 0) {
        s.append(",\n     \"versions\": [");
        for (int v = 0; v < 10; v++) {
          s.append(v == 0 ? "" : ", ")
              .append("\"")
              .append(major)
              .append(".")
              .append(v)
              .append("\"");
        }
        s.append("]");
      }
      s.append(",\n     \"database_specific\": {\"source\": \"https://example.org/")
          .append(id)
          .append(".json\"}}");
    }
    s.append("\n  ],\n  \"references\": [");
    for (int r = 0; r < 5; r++) {
      s.append(r == 0 ? "" : ",")
          .append("\n    {\"type\": \"WEB\", \"url\": \"https://example.org/advisories/")
          .append(id)
          .append("/")
          .append(r)
          .append("\"}");
    }
    s.append(
        "\n  ],\n  \"database_specific\": {\"severity\": \"HIGH\", \"cwe_ids\": [\"CWE-787\"]}\n}\n");
    return s.toString();
  }

  private static ImageInventory image(int count) {
    Random random = new Random(7);
    List<ImagePackage> packages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = random.nextInt(NAMES);
      String version =
          (1 + random.nextInt(5)) + "." + random.nextInt(20) + "." + random.nextInt(10);
      InstalledPackage p =
          i % 10 < 4
              ? new InstalledPackage(
                  Kind.DPKG,
                  "bin" + n,
                  version,
                  packageName("Debian:12", n),
                  version,
                  "amd64",
                  "/var/lib/dpkg/status",
                  "dpkg-status")
              : new InstalledPackage(
                  Kind.MAVEN,
                  packageName("Maven", n),
                  version,
                  "",
                  "",
                  "",
                  "/app/lib/a.jar",
                  "pom.properties");
      packages.add(new ImagePackage(p, i % 4, "sha256:layer" + (i % 4)));
    }
    return new ImageInventory(
        Optional.of(new OsRelease("debian", "12", "bookworm", "", List.of())), packages, List.of());
  }
}
