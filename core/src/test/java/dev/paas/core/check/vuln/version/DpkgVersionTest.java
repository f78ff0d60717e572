package dev.paas.core.check.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgVersionTest {
  private static final Path DPKG = Path.of("/usr/bin/dpkg");
  private final DpkgVersion dpkg = new DpkgVersion();

  @Test
  void debianPolicyExamples() {
    assertOrder("1.0~rc1", "1.0");
    assertOrder("1.0~~", "1.0~");
    assertOrder("1.0~~a", "1.0~");
    assertOrder("1.0~", "1.0");
    assertOrder("1.0", "1.0a");
    assertOrder("1.0a", "1.0+");
    assertOrder("1.0+", "1.0.1");
    assertOrder("2.0", "1:0.1");
    assertOrder("1.0-1", "1.0-1+deb12u1");
    assertOrder("2.36-9+deb12u4", "2.36-9+deb12u10");
    assertOrder("1.2.3-1", "1.2.3-1+b1");
    assertOrder("1.9", "1.10");
    assertOrder("7.88.1-10+deb12u5", "7.88.1-10+deb12u8");
    assertOrder("3.0.11-1~deb12u2", "3.0.11-1");
    assertOrder("1.0-1ubuntu0.1", "1.0-1ubuntu1");
    assertOrder("2:1.0", "10:0.1");
    assertOrder("a-b-1", "a-b-2");
    assertThat(dpkg.compare("1.0", "1.00")).isZero();
    assertThat(dpkg.compare("0:1.0", "1.0")).isZero();
    assertThat(dpkg.compare("1.0-0", "1.0-00")).isZero();
    assertThat(dpkg.compare("1.2.3", "1.2.3-0")).as("a missing revision compares as 0").isZero();
    assertThat(dpkg.compare("001:1.0", "1:1.0")).isZero();
    assertThat(dpkg.compare(" 1.0 ", "1.0")).isZero();
  }

  @Test
  void oddInputIsOrderedWithoutFailing() {
    assertThat(dpkg.compare("", "")).isZero();
    assertThat(dpkg.compare(null, "1")).isNegative();
    assertThat(dpkg.compare("x:1.0", "x:1.0")).isZero();
    assertThat(dpkg.compare("1.0-", "1.0")).isZero();
    assertThat(dpkg.compare(":", "-")).isNotNull();
    assertThat(dpkg.compare("99999999999999999999999:1", "99999999999999999999998:2")).isPositive();
  }

  @Test
  void agreesWithDpkgOnThousandsOfRandomPairs(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(DPKG), "no /usr/bin/dpkg on this machine");
    Random random = new Random(20261128L);
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      String a = randomVersion(random);
      // a fair share of near misses: the same version with one part changed
      String b = random.nextInt(3) == 0 ? a : randomVersion(random);
      if (random.nextInt(3) == 0) {
        b = mutate(random, a);
      }
      pairs.add(new String[] {a, b});
    }
    List<String> expected = askDpkg(dir, pairs);
    assertThat(expected).hasSize(pairs.size());
    // the pairs exercise every outcome, not just one
    for (String outcome : List.of("lt", "eq", "gt")) {
      assertThat(expected.stream().filter(outcome::equals).count()).as(outcome).isGreaterThan(300);
    }
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      int c = dpkg.compare(pairs.get(i)[0], pairs.get(i)[1]);
      String ours = c < 0 ? "lt" : c == 0 ? "eq" : "gt";
      if (!ours.equals(expected.get(i))) {
        mismatches.add(
            pairs.get(i)[0]
                + " "
                + pairs.get(i)[1]
                + ": dpkg "
                + expected.get(i)
                + ", here "
                + ours);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static List<String> askDpkg(Path dir, List<String[]> pairs)
      throws IOException, InterruptedException {
    Path input = dir.resolve("pairs");
    List<String> lines = new ArrayList<>();
    for (String[] pair : pairs) {
      lines.add(pair[0] + " " + pair[1]);
    }
    Files.write(input, lines, StandardCharsets.US_ASCII);
    String script =
        "while read a b; do if "
            + DPKG
            + " --compare-versions \"$a\" lt \"$b\"; then echo lt; "
            + "elif "
            + DPKG
            + " --compare-versions \"$a\" eq \"$b\"; then echo eq; else echo gt; fi; done < "
            + input;
    Path output = dir.resolve("results");
    Process process =
        new ProcessBuilder("sh", "-c", script)
            .redirectOutput(output.toFile())
            .redirectError(dir.resolve("errors").toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("dpkg finished").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("errors")))
        .as("dpkg warnings (an invalid generated version)")
        .isEmpty();
    return Files.readAllLines(output);
  }

  private static final String[] WORDS = {
    "rc", "alpha", "beta", "dfsg", "ds", "deb", "ubuntu", "git", "svn", "really", "a", "b", "z",
    "B", "Z"
  };

  /**
   * A version dpkg accepts: {@code [epoch:]upstream[-revision]} with the characters policy allows.
   */
  static String randomVersion(Random random) {
    StringBuilder version = new StringBuilder();
    if (random.nextInt(5) == 0) {
      version.append(random.nextInt(4) == 0 ? "0" : "").append(random.nextInt(3)).append(':');
    }
    version.append(random.nextInt(3) == 0 ? "0" : "").append(random.nextInt(12));
    boolean revision = random.nextInt(3) > 0;
    appendParts(random, version, 1 + random.nextInt(4), revision);
    if (revision) {
      version.append('-');
      version.append(random.nextInt(6) == 0 ? "0" : "").append(random.nextInt(12));
      appendParts(random, version, random.nextInt(3), false);
    }
    return version.toString();
  }

  private static void appendParts(
      Random random, StringBuilder version, int parts, boolean hyphens) {
    for (int p = 0; p < parts; p++) {
      switch (random.nextInt(hyphens ? 11 : 10)) {
        case 0, 1, 2 ->
            version
                .append('.')
                .append(random.nextInt(4) == 0 ? "0" : "")
                .append(random.nextInt(20));
        case 3 ->
            version
                .append('~')
                .append(WORDS[random.nextInt(WORDS.length)])
                .append(random.nextInt(4));
        case 4 -> version.append("~~");
        case 5 -> version.append("+b").append(1 + random.nextInt(3));
        case 6 ->
            version
                .append("+deb")
                .append(10 + random.nextInt(3))
                .append('u')
                .append(random.nextInt(12));
        case 7 -> version.append(WORDS[random.nextInt(WORDS.length)]);
        case 8 ->
            version
                .append(random.nextBoolean() ? "+" : ".")
                .append(WORDS[random.nextInt(WORDS.length)])
                .append(random.nextInt(3));
        case 9 -> version.append(random.nextBoolean() ? "~" : "+");
        default -> version.append('-').append(random.nextInt(10));
      }
    }
  }

  /**
   * The same version with one character or number changed, so that many pairs differ only slightly.
   */
  private static String mutate(Random random, String version) {
    int at = random.nextInt(version.length());
    char c = version.charAt(at);
    if (Character.isDigit(c)) {
      return version.substring(0, at)
          + (random.nextBoolean() ? "0" + c : String.valueOf((c - '0' + 1) % 10))
          + version.substring(at + 1);
    }
    if (c == ':' || c == '-') {
      return version + (random.nextBoolean() ? "~" : "+1");
    }
    String[] swaps = {"~", "+", ".", "a", "~~"};
    return version.substring(0, at)
        + swaps[random.nextInt(swaps.length)]
        + version.substring(at + 1);
  }

  private void assertOrder(String older, String newer) {
    assertThat(dpkg.compare(older, newer)).as(older + " < " + newer).isNegative();
    assertThat(dpkg.compare(newer, older)).as(newer + " > " + older).isPositive();
    assertThat(dpkg.compare(older, older)).as(older + " = " + older).isZero();
  }
}
