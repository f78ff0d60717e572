package dev.paas.core.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.paas.core.check.verdict.CheckReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema sarifSchema;

  @TempDir Path dir;

  // The official schema, committed as published by OASIS: repository oasis-tcs/sarif-spec, file
  // Schemata/sarif-schema-2.1.0.json (commit 0a8091f7d4057e57b6d8d9b56129e5f918747b34), the
  // errata01 text whose id is docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/.
  @BeforeAll
  static void loadSchema() throws IOException {
    // json-schema-validator 1.5.x: the version the CycloneDX library brings
    var config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    try (InputStream in =
        SarifReportTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      sarifSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in, config);
    }
  }

  @Test
  void isValidSarif210() throws IOException {
    assertThat(sarifSchema.validate(write(SampleReports.prod()))).isEmpty();
  }

  @Test
  void theSchemaCheckCatchesAnInvalidLog() throws IOException {
    ObjectNode log = (ObjectNode) write(SampleReports.prod());
    ((ObjectNode) log.at("/runs/0/results/0")).put("level", "warn");
    ((ObjectNode) log.at("/runs/0/results/1/locations/0/physicalLocation/region"))
        .put("startLine", 0);
    ((ObjectNode) log.at("/runs/0/tool/driver")).put("informationUri", "not absolute");
    ((ObjectNode) log.at("/runs/0/results/2/locations/0/physicalLocation/artifactLocation"))
        .put("uri", "a b");

    Set<ValidationMessage> errors = sarifSchema.validate(log);

    assertThat(errors)
        .extracting(e -> e.getInstanceLocation().toString())
        .contains(
            "/runs/0/results/0/level",
            "/runs/0/results/1/locations/0/physicalLocation/region/startLine",
            "/runs/0/tool/driver/informationUri",
            "/runs/0/results/2/locations/0/physicalLocation/artifactLocation/uri");
  }

  @Test
  void describesTheToolAndEveryRuleThatRan() throws IOException {
    JsonNode run = write(SampleReports.prod()).at("/runs/0");

    JsonNode driver = run.at("/tool/driver");
    assertThat(driver.get("name").asText()).isEqualTo("paas-maven-plugin");
    assertThat(driver.get("version").asText()).isEqualTo("1.2.3");
    assertThat(driver.get("informationUri").asText()).startsWith("https://");
    assertThat(driver.get("rules"))
        .extracting(r -> r.get("id").asText())
        .containsExactly(
            "base-inheritance",
            "base-signature",
            "non-root",
            "secrets",
            "world-writable",
            "privileged-runtime");
    JsonNode secrets = driver.get("rules").get(3);
    assertThat(secrets.get("name").asText()).isEqualTo("Secrets");
    assertThat(secrets.at("/shortDescription/text").asText()).isEqualTo("No embedded secrets");
    assertThat(secrets.at("/fullDescription/text").asText()).startsWith("Images are copied");
    assertThat(secrets.at("/help/text").asText()).startsWith("Remove the secret");
    assertThat(secrets.at("/defaultConfiguration/level").asText()).isEqualTo("error");
    assertThat(driver.get("rules").get(4).at("/defaultConfiguration/level").asText())
        .isEqualTo("warning");
    assertThat(run.at("/automationDetails/id").asText()).isEqualTo("paas/prod/");
  }

  @Test
  void everyResultHasWhatGitHubRequires() throws IOException {
    JsonNode run = write(SampleReports.prod()).at("/runs/0");
    CheckReport report = SampleReports.prod();

    JsonNode results = run.get("results");
    assertThat(results).hasSize(report.findings().size());
    for (int i = 0; i < results.size(); i++) {
      JsonNode result = results.get(i);
      var finding = report.findings().get(i);
      assertThat(result.get("ruleId").asText()).isEqualTo(finding.rule());
      assertThat(run.at("/tool/driver/rules/" + result.get("ruleIndex").asInt() + "/id").asText())
          .isEqualTo(finding.rule());
      assertThat(result.get("level").asText())
          .isEqualTo(finding.severity().equals("error") ? "error" : "warning");
      assertThat(result.at("/message/text").asText()).startsWith(finding.message());
      assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
          .isNotBlank();
      assertThat(result.at("/partialFingerprints/paasFingerprint~1v1").asText())
          .isEqualTo(finding.fingerprint());
      assertThat(result.has("suppressions")).isEqualTo(finding.waived());
    }
    JsonNode waived = results.get(3);
    assertThat(waived.at("/suppressions/0/kind").asText()).isEqualTo("external");
    assertThat(waived.at("/suppressions/0/justification").asText())
        .isEqualTo("a test key that signs nothing");
  }

  @Test
  void placesEachKindOfLocation() throws IOException {
    JsonNode results = write(SampleReports.prod()).at("/runs/0/results");

    JsonNode image = results.get(0).at("/locations/0");
    assertThat(image.at("/physicalLocation/artifactLocation/uri").asText()).isEqualTo("team/app");
    assertThat(image.at("/physicalLocation/region/startLine").asInt()).isEqualTo(1);

    JsonNode config = results.get(1).at("/locations/0");
    assertThat(config.at("/physicalLocation/artifactLocation/uri").asText()).isEqualTo("team/app");
    assertThat(config.at("/logicalLocations/0/name").asText()).isEqualTo("User");
    assertThat(results.get(1).at("/message/text").asText())
        .isEqualTo("The image runs as root (uid 0) (config User)");

    JsonNode layerFile = results.get(2).at("/locations/0");
    assertThat(layerFile.at("/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("app/config/application.properties");
    assertThat(layerFile.at("/physicalLocation/region/startLine").asInt()).isEqualTo(12);
    assertThat(layerFile.at("/logicalLocations/0/name").asText()).isEqualTo("layer 4");
    assertThat(layerFile.at("/logicalLocations/0/fullyQualifiedName").asText())
        .isEqualTo(SampleReports.LAYER_4 + "/app/config/application.properties");
    assertThat(layerFile.at("/message/text").asText())
        .isEqualTo("layer 4 (sha256:0123456789ab) /app/config/application.properties:12");

    JsonNode member = results.get(3).at("/locations/0");
    assertThat(member.at("/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("app/lib/app.jar");
    assertThat(member.at("/physicalLocation").has("region")).isFalse();
    assertThat(member.at("/logicalLocations/0/fullyQualifiedName").asText())
        .endsWith("/app/lib/app.jar!/BOOT-INF/classes/test.pem");

    JsonNode projectFile = results.get(5).at("/locations/0");
    assertThat(projectFile.at("/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("k8s/deploy.yaml");
    assertThat(projectFile.at("/physicalLocation/region/startLine").asInt()).isEqualTo(12);
    assertThat(projectFile.at("/physicalLocation/region/startColumn").asInt()).isEqualTo(9);
  }

  @Test
  void makesAValidUriOfAnyPath() {
    assertThat(SarifReport.uri("/opt/my app/a#b%c?.txt"))
        .isEqualTo("opt/my%20app/a%23b%25c%3F.txt");
    assertThat(SarifReport.uri("c:x/y")).isEqualTo("./c:x/y");
    assertThat(SarifReport.uri("//etc/caf\u00e9\u0001")).isEqualTo("etc/caf%C3%A9%01");
    assertThat(SarifReport.uri("")).isEqualTo(".");
  }

  @Test
  void namesTheImageByItsRepositoryAsTrivyDoes() {
    assertThat(SarifReport.repository("registry.example/team/app:1.4")).isEqualTo("team/app");
    assertThat(SarifReport.repository("alpine")).isEqualTo("library/alpine");
    assertThat(SarifReport.repository("registry.example:5000/app@sha256:" + "0".repeat(64)))
        .isEqualTo("app");
    assertThat(SarifReport.repository("oci-archive:/tmp/app.tar")).isEqualTo("tmp/app.tar");
  }

  private JsonNode write(CheckReport report) throws IOException {
    Path file = dir.resolve(report.name() + ".sarif");
    SarifReport.write(report, file, "1.2.3");
    return JSON.readTree(file.toFile());
  }
}
