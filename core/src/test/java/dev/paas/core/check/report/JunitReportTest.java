package dev.paas.core.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.finding.Location;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.CheckReport.RuleLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JunitReportTest {
  @TempDir Path dir;

  @Test
  void oneTestCasePerRuleOfTheContract() throws Exception {
    Document xml = write(SampleReports.prod());

    Element suite = xml.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("paas.prod");
    assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(RuleCatalogue.ALL.size()));
    assertThat(suite.getAttribute("failures")).isEqualTo("3");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(suite.getAttribute("skipped")).isEqualTo("3");
    assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-11-28T21:40:05");
    assertThat(suite.getAttribute("hostname")).isNotBlank();
    assertThat(suite.getAttribute("time")).isEqualTo("0");
    assertThat(xml.getElementsByTagName("testcase").getLength())
        .isEqualTo(RuleCatalogue.ALL.size());
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(3);
    assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(3);

    Element secrets = testcase(xml, "secrets");
    assertThat(secrets.getAttribute("classname")).isEqualTo("paas.prod");
    Element failure = (Element) secrets.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("secrets");
    assertThat(failure.getAttribute("message"))
        .isEqualTo(
            "No embedded secrets: "
                + "layer 4 (sha256:0123456789ab) /app/config/application.properties:12: An AWS secret access key");
    assertThat(failure.getTextContent())
        .contains(
            "layer 4 (sha256:0123456789ab) /app/config/application.properties:12: An AWS secret access key",
            "Advice: Remove the secret");
    assertThat(text(secrets, "system-out")).contains("waived layer 5", "A private key");

    Element worldWritable = testcase(xml, "world-writable");
    assertThat(worldWritable.getElementsByTagName("failure").getLength()).isZero();
    assertThat(text(worldWritable, "system-out"))
        .isEqualTo("warn layer 5 (sha256:fedcba987654) /tmp/cache: World-writable directory");

    Element baseInheritance = testcase(xml, "base-inheritance");
    assertThat(baseInheritance.getChildNodes().getLength()).isZero();
    assertThat(testcase(xml, "setuid").getElementsByTagName("skipped").getLength()).isEqualTo(1);
  }

  @Test
  void escapesMarkupAndShowsControlCharactersEscapedAsEveryReportDoes() throws Exception {
    String hostile = "value <b>&amp;</b> \"quoted\" \u0001\u001b[31m \ud800 \ud83d\udd11";
    var report =
        new CheckReport(
            "dev",
            "app:1",
            SampleReports.DIGEST,
            List.of(
                SampleReports.finding(
                    "secrets",
                    "x",
                    "error",
                    hostile,
                    Location.inLayer(1, SampleReports.LAYER_4, "/etc/<&\"\u0002>", 0),
                    false,
                    "")),
            List.of(new RuleLevel("secrets", "error")),
            List.of());

    Document xml = write(report);

    Element failure = (Element) testcase(xml, "secrets").getElementsByTagName("failure").item(0);
    String expected = "value <b>&amp;</b> \"quoted\" \\u0001\\u001b[31m \\ud800 \ud83d\udd11";
    assertThat(failure.getTextContent()).contains("/etc/<&\"\\u0002>: " + expected);
    assertThat(failure.getAttribute("message")).endsWith(expected);
  }

  @Test
  void keepsWhatXmlAllowsAndReplacesTheRest() {
    assertThat(JunitReport.clean("a\tb\nc\rd \ud83d\udd11 \ufffd"))
        .isEqualTo("a\tb\nc\rd \ud83d\udd11 \ufffd");
    assertThat(JunitReport.clean("\u0000\u000b\u000c\u001f\ufffe\uffff\udc00\ud800"))
        .isEqualTo("\ufffd".repeat(8));
  }

  private Document write(CheckReport report) throws Exception {
    Path file = dir.resolve("TEST-paas-" + report.name() + ".xml");
    JunitReport.write(report, file, Instant.parse("2026-11-28T21:40:05.123Z"));
    assertThat(Files.readString(file)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"");
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static Element testcase(Document xml, String rule) {
    var cases = xml.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testcase = (Element) cases.item(i);
      if (testcase.getAttribute("name").equals(rule)) {
        return testcase;
      }
    }
    throw new AssertionError("no testcase " + rule);
  }

  private static String text(Element testcase, String tag) {
    return testcase.getElementsByTagName(tag).item(0).getTextContent();
  }
}
