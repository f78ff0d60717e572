package dev.paas.core.check.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dpkg and rpm orders against the real tools of this machine, over pairs of version strings of
 * real packages: every {@code Version:} of Debian's {@code Packages} indexes under {@code
 * /var/lib/apt/lists} (after {@code apt-get update}) and of {@code /var/lib/dpkg/status}. Each tool
 * is run once for all pairs: dpkg from one generated shell loop, rpm from one Lua script ({@code
 * rpm.vercmp}) in one {@code rpm --eval}.
 */
class RealVersionsDifferentialTest {
  private static final Path DPKG = Path.of("/usr/bin/dpkg");
  private static final Path RPM = Path.of("/usr/bin/rpm");
  private static final int PAIRS = 12_000;

  private static List<String[]> pairs;

  @BeforeAll
  static void pairsOfRealVersions() throws Exception {
    List<String> versions = new ArrayList<>(realVersions());
    assumeTrue(
        versions.size() >= 200,
        "fewer than 200 package versions found in /var/lib/apt/lists"
            + " and /var/lib/dpkg/status: this is not a Debian machine");
    pairs = pairs(versions, new Random(20261204L));
  }

  @Test
  void dpkgOrderAgreesWithDpkgCompareVersions(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(DPKG), "no /usr/bin/dpkg on this machine");
    List<String> questions = new ArrayList<>();
    for (String[] pair : pairs) {
      int c = VersionSchemes.DPKG.compare(pair[0], pair[1]);
      questions.add(pair[0] + " " + (c < 0 ? "lt" : c == 0 ? "eq" : "gt") + " " + pair[1]);
    }
    // controls: answers known to be wrong must come back as disagreements
    List<String> controls = List.of("1.0 gt 2.0", "1:0.1 lt 9.9", "1.0~rc1 eq 1.0");
    questions.addAll(controls);
    Path input = dir.resolve("questions");
    Files.write(input, questions, StandardCharsets.UTF_8);
    String script =
        "while read a op b; do "
            + DPKG
            + " --compare-versions \"$a\" \"$op\" \"$b\""
            + " || echo \"$a $op $b\"; done < "
            + input;
    List<String> disagreements = run(dir, "sh", "-c", script);
    assertThat(disagreements).as("the controls are caught").containsAll(controls);
    disagreements.removeAll(controls);
    assertThat(disagreements).as("dpkg disagrees on these of " + pairs.size() + " pairs").isEmpty();
  }

  @Test
  void rpmOrderAgreesWithRpmVercmp(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(RPM), "no /usr/bin/rpm on this machine (Debian package rpm)");
    Path script = dir.resolve("vercmp.lua");
    Path output = dir.resolve("answers");
    StringBuilder lua =
        new StringBuilder(
            "local out = io.open(\""
                + output
                + "\", \"w\")\n"
                + "local function c(a, b) local ok, r = pcall(rpm.vercmp, a, b)"
                + " out:write(ok and tostring(r) or \"error\", \"\\n\") end\n");
    for (String[] pair : pairs) {
      lua.append("c(\"").append(pair[0]).append("\", \"").append(pair[1]).append("\")\n");
    }
    lua.append("out:close()\n");
    Files.writeString(script, lua, StandardCharsets.UTF_8);
    run(dir, RPM.toString(), "--eval", "%{lua: dofile(\"" + script + "\")}");
    List<String> answers = Files.readAllLines(output);
    assertThat(answers).hasSize(pairs.size());
    List<String> disagreements = new ArrayList<>();
    int releaseOnOneSide = 0;
    for (int i = 0; i < pairs.size(); i++) {
      String a = pairs.get(i)[0];
      String b = pairs.get(i)[1];
      int ours = Integer.signum(VersionSchemes.RPM.compare(a, b));
      String theirs = answers.get(i);
      if (ours == 0 && hasRelease(a) != hasRelease(b)) {
        // the documented choice: a bound without release matches every release of its version,
        // where rpm.vercmp takes the side without release for the older one
        releaseOnOneSide++;
        if (!theirs.equals(hasRelease(a) ? "1" : "-1")) {
          disagreements.add(a + " vs " + b + ": rpm.vercmp " + theirs + ", here 0");
        }
      } else if (!theirs.equals(String.valueOf(ours))) {
        disagreements.add(a + " vs " + b + ": rpm.vercmp " + theirs + ", here " + ours);
      }
    }
    assertThat(releaseOnOneSide).as("pairs that differ only by a missing release").isPositive();
    assertThat(disagreements).as("rpm disagrees on these of " + pairs.size() + " pairs").isEmpty();
  }

  private static boolean hasRelease(String evr) {
    int colon = evr.indexOf(':');
    return evr.indexOf('-', colon + 1) >= 0;
  }

  /** Close neighbours in text order, random pairs, and versions paired with their upstream part. */
  static List<String[]> pairs(List<String> versions, Random random) {
    List<String[]> out = new ArrayList<>();
    int n = versions.size();
    while (out.size() < PAIRS * 5 / 12) {
      int i = random.nextInt(n - 3);
      out.add(new String[] {versions.get(i), versions.get(i + 1 + random.nextInt(3))});
    }
    while (out.size() < PAIRS * 10 / 12) {
      out.add(new String[] {versions.get(random.nextInt(n)), versions.get(random.nextInt(n))});
    }
    while (out.size() < PAIRS) {
      String v = versions.get(random.nextInt(n));
      int hyphen = v.lastIndexOf('-');
      String upstream = hyphen > v.indexOf(':') + 1 ? v.substring(0, hyphen) : v + "-1";
      out.add(random.nextBoolean() ? new String[] {v, upstream} : new String[] {upstream, v});
    }
    return out;
  }

  /** Every distinct {@code Version:} of the machine's package indexes and dpkg database. */
  static TreeSet<String> realVersions() throws IOException, InterruptedException {
    TreeSet<String> versions = new TreeSet<>();
    Path lists = Path.of("/var/lib/apt/lists");
    if (Files.isDirectory(lists)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(lists, "*_Packages*")) {
        for (Path file : files) {
          versions.addAll(versionsIn(readIndex(file)));
        }
      }
    }
    Path status = Path.of("/var/lib/dpkg/status");
    if (Files.isReadable(status)) {
      versions.addAll(versionsIn(Files.readAllLines(status, StandardCharsets.UTF_8)));
    }
    // only what both tools take as one token: no blanks or quotes reach the shell or Lua
    versions.removeIf(v -> !v.matches("[0-9A-Za-z.+~:-]{1,80}"));
    return versions;
  }

  private static List<String> readIndex(Path file) throws IOException, InterruptedException {
    String name = file.getFileName().toString();
    if (name.endsWith("_Packages")) {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
    String tool =
        name.endsWith(".lz4")
            ? "lz4cat"
            : name.endsWith(".gz") ? "zcat" : name.endsWith(".xz") ? "xzcat" : null;
    if (tool == null) {
      return List.of();
    }
    try {
      return run(file.getParent(), tool, file.toString());
    } catch (IOException e) {
      return List.of(); // the decompressor is not installed: dpkg's status still gives versions
    }
  }

  private static List<String> versionsIn(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("Version: ")) {
        out.add(line.substring("Version: ".length()).strip());
      }
    }
    return out;
  }

  private static List<String> run(Path dir, String... command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("paas-vercmp", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(command[0] + " finished").isTrue();
      assertThat(process.exitValue()).as(command[0] + " exit code").isZero();
      return new ArrayList<>(Files.readAllLines(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
