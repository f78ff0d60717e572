package dev.paas.core.check.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.rules.RuleInfo;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.CheckReport.RuleLevel;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.io.AtomicFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report {@code <name>.sarif}: SARIF 2.1.0 for code-scanning views such as GitHub's.
 *
 * <p>Every result has one physical location, as GitHub requires. A file in a layer is its path in
 * the image without the leading slash (an archive member is its outer archive), with the layer in a
 * logical location and in the location's message. A config key and the image as a whole follow
 * Trivy's convention for container images: the artifact is the image's repository (e.g. {@code
 * team/app}) at line 1, and the key goes in a logical location. A project file is its path relative
 * to the project, at its line and column.
 */
public final class SarifReport {
  /** Where a reader learns what the tool is; SARIF wants an absolute URI. */
  public static final String INFORMATION_URI = "https://platform.example/paas/check";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SarifReport() {}

  /** Writes the report whole or not at all; {@code toolVersion} is the plugin's version. */
  public static void write(CheckReport report, Path file, String toolVersion) throws IOException {
    ObjectNode log = JSON.createObjectNode();
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "paas-maven-plugin");
    driver.put("version", toolVersion);
    driver.put("informationUri", INFORMATION_URI);
    List<String> ruleIds = new ArrayList<>();
    ArrayNode rules = driver.putArray("rules");
    for (RuleLevel rule : Rules.ran(report)) {
      ruleIds.add(rule.rule());
      rule(rules.addObject(), rule.rule(), rule.level());
    }
    // A finding of a rule the report does not list still needs a descriptor for its ruleIndex.
    for (ReportedFinding finding : report.findings()) {
      if (!ruleIds.contains(finding.rule())) {
        ruleIds.add(finding.rule());
        rule(rules.addObject(), finding.rule(), finding.severity());
      }
    }
    // GitHub keeps one set of alerts per category: one per environment, not one for all.
    run.putObject("automationDetails").put("id", "paas/" + report.name() + "/");
    String repository = repository(report.image());
    ArrayNode results = run.putArray("results");
    for (ReportedFinding finding : report.findings()) {
      result(results.addObject(), finding, ruleIds.indexOf(finding.rule()), repository);
    }
    ObjectNode properties = run.putObject("properties");
    properties.put("imageName", report.image());
    properties.put("digest", report.digest());
    AtomicFile.write(file, out -> JSON.writeValue(out, log));
  }

  private static void rule(ObjectNode node, String id, String level) {
    node.put("id", id);
    node.put("name", pascalCase(id));
    Rules.info(id)
        .ifPresent(
            (RuleInfo info) -> {
              node.putObject("shortDescription").put("text", info.title());
              node.putObject("fullDescription").put("text", info.rationale());
              node.putObject("help").put("text", info.advice());
            });
    node.putObject("defaultConfiguration").put("level", level(level));
  }

  private static void result(
      ObjectNode node, ReportedFinding finding, int ruleIndex, String repository) {
    Location where = finding.location();
    node.put("ruleId", finding.rule());
    node.put("ruleIndex", ruleIndex);
    node.put("level", level(finding.severity()));
    // The physical location of a layer file or config key cannot show the layer or key: say it.
    boolean sayWhere =
        where.kind() == Location.Kind.LAYER_FILE || where.kind() == Location.Kind.CONFIG;
    node.putObject("message")
        .put("text", finding.message() + (sayWhere ? " (" + where.text() + ")" : ""));
    location(node.putArray("locations").addObject(), where, repository);
    node.putObject("partialFingerprints").put("paasFingerprint/v1", finding.fingerprint());
    finding
        .advisory()
        .ifPresent(
            advisory -> {
              ObjectNode properties = node.putObject("properties");
              properties.put("advisory", finding.id());
              advisory.aliases().forEach(properties.putArray("aliases")::add);
              properties.put("package", advisory.packageName());
              properties.put("installedVersion", advisory.installed());
              advisory.fixed().ifPresent(f -> properties.put("fixedVersion", f));
              advisory.severity().ifPresent(s -> properties.put("severity", s.name()));
              // the property code-scanning UIs rank security results by
              advisory
                  .score()
                  .ifPresent(s -> properties.put("security-severity", String.valueOf(s)));
              advisory.fixedInBase().ifPresent(b -> properties.put("fixedInOfficialBase", b));
            });
    if (finding.waived()) {
      ObjectNode suppression = node.putArray("suppressions").addObject();
      suppression.put("kind", "external");
      if (!finding.waiverReason().isBlank()) {
        suppression.put("justification", finding.waiverReason());
      }
    }
  }

  private static void location(ObjectNode node, Location where, String repository) {
    ObjectNode physical = node.putObject("physicalLocation");
    switch (where.kind()) {
      case LAYER_FILE -> {
        String path = where.path();
        int member = path.indexOf("!/");
        boolean inArchive = member >= 0;
        physical
            .putObject("artifactLocation")
            .put("uri", uri(inArchive ? path.substring(0, member) : path));
        if (where.line() > 0 && !inArchive) {
          physical.putObject("region").put("startLine", where.line());
        }
        ObjectNode layer = node.putArray("logicalLocations").addObject();
        layer.put("name", "layer " + where.layerIndex());
        layer.put("fullyQualifiedName", where.diffId() + where.path());
        layer.put("kind", "resource");
      }
      case CONFIG -> {
        imageLocation(physical, repository);
        ObjectNode key = node.putArray("logicalLocations").addObject();
        key.put("name", where.path());
        key.put("fullyQualifiedName", "config " + where.path());
        key.put("kind", "property");
      }
      case IMAGE -> imageLocation(physical, repository);
      case PROJECT_FILE -> {
        physical.putObject("artifactLocation").put("uri", uri(where.path()));
        if (where.line() > 0) {
          ObjectNode region = physical.putObject("region");
          region.put("startLine", where.line());
          if (where.column() > 0) {
            region.put("startColumn", where.column());
          }
        }
      }
    }
    node.putObject("message").put("text", where.text());
  }

  private static void imageLocation(ObjectNode physical, String repository) {
    physical.putObject("artifactLocation").put("uri", uri(repository));
    ObjectNode region = physical.putObject("region");
    region.put("startLine", 1);
    region.put("startColumn", 1);
  }

  /**
   * The repository of a registry image, as Trivy names it ({@code library/alpine}), else the path.
   */
  static String repository(String image) {
    String plain = image.startsWith("docker://") ? image.substring("docker://".length()) : image;
    for (String transport : List.of("docker-archive:", "oci-archive:", "oci:")) {
      if (plain.startsWith(transport)) {
        String path = plain.substring(transport.length());
        return path.startsWith("/") ? path.substring(1) : path;
      }
    }
    try {
      return ImageReference.parse(plain).getRepository();
    } catch (InvalidImageReferenceException e) {
      return plain.isBlank() ? "image" : plain;
    }
  }

  // A path may hold spaces, '#', '%' or bytes a hostile image put there; a SARIF uri must be a
  // valid URI reference, and a ':' in its first segment would read as a scheme.
  static String uri(String path) {
    String relative = path.replaceFirst("^/+", "");
    relative = relative.isEmpty() ? "." : relative;
    int colon = relative.indexOf(':');
    int slash = relative.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) {
      relative = "./" + relative;
    }
    try {
      return new URI(null, null, relative, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("a URI with only a path is always valid", e);
    }
  }

  private static String level(String severity) {
    return "error".equals(severity) ? "error" : "warning";
  }

  private static String pascalCase(String id) {
    StringBuilder name = new StringBuilder();
    for (String part : id.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return name.toString();
  }
}
