package dev.paas.core.check.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.check.finding.Location;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
  @TempDir Path dir;

  @Test
  void writesExactlyTheContractShape() throws IOException {
    var report =
        new CheckReport(
            "image",
            "registry.example/team/app@sha256:1234",
            "sha256:1234",
            List.of(
                SampleReports.finding(
                    "secrets",
                    "aws-key",
                    "error",
                    "An AWS secret access key",
                    Location.inLayer(4, SampleReports.LAYER_4, "/etc/app.properties", 12),
                    true,
                    "rotated")),
            List.of(new CheckReport.RuleLevel("secrets", "error")),
            List.of("a note"));
    Path file = dir.resolve("image.json");

    JsonReport.write(report, file);

    assertThat(Files.readString(file))
        .isEqualToNormalizingNewlines(
            """
        {
          "image" : "registry.example/team/app@sha256:1234",
          "digest" : "sha256:1234",
          "findings" : [ {
            "rule" : "secrets",
            "id" : "aws-key",
            "severity" : "error",
            "message" : "An AWS secret access key",
            "location" : "layer 4 (sha256:0123456789ab) /etc/app.properties:12",
            "fingerprint" : "%s",
            "waived" : true
          } ]
        }"""
                .formatted(report.findings().get(0).fingerprint()));
  }

  @Test
  void readsBackWhatItWrote() throws IOException {
    CheckReport report = SampleReports.prod();
    Path file = dir.resolve("prod.json");
    JsonReport.write(report, file);

    CheckReport read = JsonReport.read(file);

    assertThat(read.name()).isEqualTo("prod");
    assertThat(read.image()).isEqualTo(report.image());
    assertThat(read.digest()).isEqualTo(report.digest());
    assertThat(read.rules()).isEmpty();
    assertThat(read.notes()).isEmpty();
    assertThat(read.findings()).hasSameSizeAs(report.findings());
    for (int i = 0; i < read.findings().size(); i++) {
      ReportedFinding was = report.findings().get(i);
      ReportedFinding is = read.findings().get(i);
      assertThat(is.location().text()).isEqualTo(was.location().text());
      assertThat(is.location().kind()).isEqualTo(was.location().kind());
      assertThat(is)
          .usingRecursiveComparison()
          .ignoringFields("location", "waiverReason")
          .isEqualTo(was);
    }
    assertThat(read.passed()).isFalse();
    assertThat(read.errors()).hasSize(3);
  }

  @Test
  void parsesEachKindOfLocationBackToTheSameLine() {
    for (Location location :
        List.of(
            Location.image(),
            Location.inConfig("Env DB_PASSWORD"),
            Location.inLayer(3, SampleReports.LAYER_5, "/a.jar!/b.properties", 7),
            Location.inLayer(0, SampleReports.LAYER_4, "/etc/x y", 0),
            Location.inProject("k8s/deploy.yaml", 12, 9),
            Location.inProject("pom.xml", 3, 0),
            Location.inProject("Dockerfile", 0, 0))) {
      Location parsed = JsonReport.location(location.text());
      assertThat(parsed.text()).isEqualTo(location.text());
      assertThat(parsed.kind()).isEqualTo(location.kind());
      assertThat(parsed.line()).isEqualTo(location.line());
    }
  }

  @Test
  void namesTheFileAndTheProblemOfAMalformedReport() throws IOException {
    Path notJson = Files.writeString(dir.resolve("prod.json"), "{\"image\": ");
    assertThatThrownBy(() -> JsonReport.read(notJson))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(notJson.toString())
        .hasMessageContaining("not JSON");

    Path noSeverity =
        Files.writeString(
            dir.resolve("test.json"),
            """
        {"image": "a", "digest": "sha256:1", "findings": [{"rule": "secrets", "id": "x",
         "message": "m", "location": "image", "fingerprint": "f", "waived": false}]}""");
    assertThatThrownBy(() -> JsonReport.read(noSeverity))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("findings[0].severity is missing");

    Path badSeverity =
        Files.writeString(
            dir.resolve("dev.json"),
            """
        {"image": "a", "digest": "sha256:1", "findings": [{"rule": "secrets", "id": "x",
         "severity": "fatal", "message": "m", "location": "image", "fingerprint": "f",
         "waived": false}]}""");
    assertThatThrownBy(() -> JsonReport.read(badSeverity))
        .hasMessageContaining("'fatal', not error or warn");

    Path array = Files.writeString(dir.resolve("qa.json"), "[]");
    assertThatThrownBy(() -> JsonReport.read(array)).hasMessageContaining("not a JSON object");
  }
}
