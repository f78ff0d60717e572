package dev.paas.core.check.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.paas.core.PrintableText;
import dev.paas.core.platform.Policy;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code vulnerabilities} finding says beyond its message: the advisory and the package it
 * matched. The advisory's severity, against the policy's threshold, decides whether the finding
 * fails the build.
 *
 * @param aliases the advisory's other ids (CVE ids among them); a waiver may name any of them
 * @param ecosystem the OSV ecosystem it was matched in, e.g. {@code Debian:12}, {@code Maven}
 * @param packageName the package as the advisory names it (a Debian source package, a Maven {@code
 *     groupId:artifactId})
 * @param installed the installed version
 * @param fixed the first version that fixes it, or empty when none is known
 * @param severity the severity, or empty when neither a CVSS vector nor the database gives one
 * @param score the CVSS base score, when computed from a vector
 * @param scoreSource what the severity was taken from: a CVSS vector, or e.g. {@code
 *     database_specific.severity}
 * @param fixedInBase a newer official base whose package is not affected, or empty
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonPropertyOrder({
  "aliases",
  "ecosystem",
  "package",
  "installed",
  "fixed",
  "severity",
  "score",
  "scoreSource",
  "fixedInBase"
})
public record AdvisoryDetail(
    List<String> aliases,
    String ecosystem,
    @JsonProperty("package") String packageName,
    String installed,
    Optional<String> fixed,
    Optional<Policy.Severity> severity,
    Optional<Double> score,
    Optional<String> scoreSource,
    Optional<String> fixedInBase) {

  public AdvisoryDetail {
    aliases = List.copyOf(aliases);
  }

  /** The same detail with every text (from the image or the advisory) made printable. */
  public AdvisoryDetail printable() {
    return new AdvisoryDetail(
        aliases.stream().map(PrintableText::of).toList(),
        PrintableText.of(ecosystem),
        PrintableText.of(packageName),
        PrintableText.of(installed),
        fixed.map(PrintableText::of),
        severity,
        score,
        scoreSource.map(PrintableText::of),
        fixedInBase.map(PrintableText::of));
  }

  /** Whether the policy's threshold makes it an error: at or above it; unknown never is. */
  public boolean reaches(Policy.Severity threshold) {
    return severity.map(s -> s.compareTo(threshold) >= 0).orElse(false);
  }
}
