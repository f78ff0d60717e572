package dev.paas.core.check.verdict;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.paas.core.PrintableText;
import java.util.List;

/**
 * The result of checking one image: what every report file and the console show.
 *
 * @param name the report's name: the environment, or {@code image} for an image named to be checked
 * @param image the reference checked
 * @param digest the image's digest
 * @param findings every finding of every rule not turned off, in rule order
 * @param rules the rules that ran (not off), with their level
 * @param notes what a person should know that is not a finding: expired or unused waivers
 */
@JsonPropertyOrder({"image", "digest", "findings"})
public record CheckReport(
    @JsonIgnore String name,
    String image,
    String digest,
    List<ReportedFinding> findings,
    @JsonIgnore List<RuleLevel> rules,
    @JsonIgnore List<String> notes) {

  /** A rule that ran, with its level ({@code error} or {@code warn}). */
  public record RuleLevel(String rule, String level) {}

  public CheckReport {
    image = PrintableText.of(image);
    findings = List.copyOf(findings);
    rules = List.copyOf(rules);
    notes = notes.stream().map(PrintableText::of).toList();
  }

  /** The findings that fail the build. */
  @JsonIgnore
  public List<ReportedFinding> errors() {
    return findings.stream().filter(ReportedFinding::failsBuild).toList();
  }

  /** Whether the image may be released: no unwaived error. */
  @JsonIgnore
  public boolean passed() {
    return errors().isEmpty();
  }
}
