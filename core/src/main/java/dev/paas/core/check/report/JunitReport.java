package dev.paas.core.check.report;

import dev.paas.core.check.CheckReport;
import dev.paas.core.check.CheckReport.RuleLevel;
import dev.paas.core.check.ReportedFinding;
import dev.paas.core.check.RuleInfo;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

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
    Document xml = document(report, timestamp);
    AtomicFile.write(file, out -> {
      try {
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        transformer.transform(new DOMSource(xml), new StreamResult(out));
      } catch (TransformerException e) {
        throw new IOException("Could not write " + file + ": " + e.getMessage(), e);
      }
    });
  }

  private static Document document(CheckReport report, Instant timestamp) throws IOException {
    Document xml;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      xml = factory.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IOException("No XML support in this JVM: " + e.getMessage(), e);
    }
    String suiteName = "paas." + report.name();
    Map<String, String> levels = report.rules().stream()
        .collect(Collectors.toMap(RuleLevel::rule, RuleLevel::level, (a, b) -> a));
    Element suite = xml.createElement("testsuite");
    xml.appendChild(suite);
    int failures = 0;
    int skipped = 0;
    for (RuleInfo rule : RuleInfo.ALL) {
      Element testcase = child(suite, "testcase");
      testcase.setAttribute("name", rule.id());
      testcase.setAttribute("classname", suiteName);
      testcase.setAttribute("time", "0");
      if (!levels.containsKey(rule.id())) {
        child(testcase, "skipped").setAttribute("message", "not run: off in the policy, or nothing to check");
        skipped++;
        continue;
      }
      List<ReportedFinding> findings = Rules.findings(report, rule.id());
      List<ReportedFinding> errors = findings.stream().filter(ReportedFinding::failsBuild).toList();
      if (!errors.isEmpty()) {
        Element failure = child(testcase, "failure");
        failure.setAttribute("message", clean(rule.title() + ": "
            + (errors.size() == 1 ? "" : errors.size() + " errors, first ") + line(errors.get(0))));
        failure.setAttribute("type", rule.id());
        failure.setTextContent(clean(lines(errors, f -> "") + "\nAdvice: " + rule.advice()));
        failures++;
      }
      List<ReportedFinding> others = findings.stream().filter(f -> !f.failsBuild()).toList();
      if (!others.isEmpty()) {
        child(testcase, "system-out").setTextContent(clean(lines(others,
            f -> f.waived() ? "waived " : f.severity() + " ")));
      }
    }
    suite.setAttribute("name", suiteName);
    suite.setAttribute("tests", Integer.toString(RuleInfo.ALL.size()));
    suite.setAttribute("failures", Integer.toString(failures));
    suite.setAttribute("errors", "0");
    suite.setAttribute("skipped", Integer.toString(skipped));
    suite.setAttribute("time", "0");
    // JUnit's schema wants a local date-time without a zone; UTC keeps CI servers in agreement.
    suite.setAttribute("timestamp",
        LocalDateTime.ofInstant(timestamp.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString());
    suite.setAttribute("hostname", hostname());
    return xml;
  }

  private static String lines(List<ReportedFinding> findings, Function<ReportedFinding, String> prefix) {
    return findings.stream().map(f -> prefix.apply(f) + line(f)).collect(Collectors.joining("\n"));
  }

  private static String line(ReportedFinding finding) {
    return finding.location().text() + ": " + finding.message();
  }

  private static Element child(Element parent, String name) {
    Element child = parent.getOwnerDocument().createElement(name);
    parent.appendChild(child);
    return child;
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
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
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
