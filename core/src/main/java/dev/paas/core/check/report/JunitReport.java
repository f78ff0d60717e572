package dev.paas.core.check.report;

import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.rules.RuleInfo;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.CheckReport.RuleLevel;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The report {@code TEST-paas-<name>.xml}: one test case per rule, in the JUnit XML that surefire
 * writes (a single {@code <testsuite>} root), so CI test views show a failed rule as a failed test.
 */
public final class JunitReport {
  private JunitReport() {}

  /** Writes the report whole or not at all, stamped with the current time. */
  public static void write(CheckReport report, Path file) throws IOException {
    write(report, file, Instant.now());
  }

  /** Writes the report whole or not at all, stamped with {@code timestamp}. */
  public static void write(CheckReport report, Path file, Instant timestamp) throws IOException {
    List<Case> cases = cases(report);
    AtomicFile.write(
        file,
        out -> {
          try {
            // A streaming writer: a DOM and a Transformer cost more than the rest of a warm check.
            // the JDK's own writer, whatever StAX implementation the class path also has (Woodstox
            // comes with the CycloneDX library), so the report is written the same everywhere
            XMLStreamWriter xml =
                XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            String suiteName = "paas." + report.name();
            xml.writeAttribute("name", suiteName);
            xml.writeAttribute("tests", Integer.toString(cases.size()));
            xml.writeAttribute(
                "failures", Long.toString(cases.stream().filter(c -> c.failure != null).count()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute(
                "skipped", Long.toString(cases.stream().filter(c -> c.skipped).count()));
            xml.writeAttribute("time", "0");
            // JUnit's schema wants a local date-time without a zone; UTC keeps CI servers in
            // agreement.
            xml.writeAttribute(
                "timestamp",
                LocalDateTime.ofInstant(timestamp.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                    .toString());
            xml.writeAttribute("hostname", clean(hostname()));
            for (Case c : cases) {
              xml.writeCharacters("\n  ");
              xml.writeStartElement("testcase");
              xml.writeAttribute("name", c.rule.id());
              xml.writeAttribute("classname", suiteName);
              xml.writeAttribute("time", "0");
              if (c.skipped) {
                xml.writeCharacters("\n    ");
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", "not run: off in the policy, or nothing to check");
              }
              if (c.failure != null) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("failure");
                xml.writeAttribute("message", c.failureMessage);
                xml.writeAttribute("type", c.rule.id());
                xml.writeCharacters(c.failure);
                xml.writeEndElement();
              }
              if (c.output != null) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(c.output);
                xml.writeEndElement();
              }
              if (c.skipped || c.failure != null || c.output != null) {
                xml.writeCharacters("\n  ");
              }
              xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
          } catch (XMLStreamException e) {
            throw new IOException("Could not write " + file + ": " + e.getMessage(), e);
          }
        });
  }

  /** One rule's test case: skipped, or with its failure and its other findings. */
  private record Case(
      RuleInfo rule, boolean skipped, String failureMessage, String failure, String output) {}

  private static List<Case> cases(CheckReport report) {
    Map<String, String> levels =
        report.rules().stream()
            .collect(Collectors.toMap(RuleLevel::rule, RuleLevel::level, (a, b) -> a));
    List<Case> cases = new ArrayList<>();
    for (RuleInfo rule : RuleCatalogue.ALL) {
      if (!levels.containsKey(rule.id())) {
        cases.add(new Case(rule, true, null, null, null));
        continue;
      }
      List<ReportedFinding> findings = Rules.findings(report, rule.id());
      List<ReportedFinding> errors = findings.stream().filter(ReportedFinding::failsBuild).toList();
      String message = null;
      String failure = null;
      if (!errors.isEmpty()) {
        message =
            clean(
                rule.title()
                    + ": "
                    + (errors.size() == 1 ? "" : errors.size() + " errors, first ")
                    + line(errors.get(0)));
        failure = clean(lines(errors, f -> "") + "\nAdvice: " + rule.advice());
      }
      List<ReportedFinding> others = findings.stream().filter(f -> !f.failsBuild()).toList();
      String output =
          others.isEmpty()
              ? null
              : clean(lines(others, f -> f.waived() ? "waived " : f.severity() + " "));
      cases.add(new Case(rule, false, message, failure, output));
    }
    return cases;
  }

  private static String lines(
      List<ReportedFinding> findings, Function<ReportedFinding, String> prefix) {
    return findings.stream().map(f -> prefix.apply(f) + line(f)).collect(Collectors.joining("\n"));
  }

  private static String line(ReportedFinding finding) {
    return finding.location().text() + ": " + finding.message();
  }

  /**
   * The text with what XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF)
   * replaced by U+FFFD: a message may quote bytes from a hostile image, and a report a CI server
   * cannot parse would hide every result.
   */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (c == '\t'
          || c == '\n'
          || c == '\r'
          || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD)) {
        out.append(c);
      } else {
        out.append('\uFFFD');
      }
    }
    return out.toString();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
