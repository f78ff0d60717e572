package dev.paas.core.check.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.layer.LayerFacts;
import dev.paas.core.check.secrets.SecretMatch;
import dev.paas.core.check.secrets.SecretScanner;
import dev.paas.core.platform.Policy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code secrets}: no private key, token, password or credential file in any layer (deleted or
 * overwritten files included: they still ship), archive, variable, label or history entry.
 */
public final class SecretsRule implements Rule {
  public static final String ID = "secrets";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "No embedded secrets",
          "Images are copied to registries, caches and laptops; a key or password in any layer "
              + "(even one a later layer deletes), archive, variable, label or history is leaked.",
          "Remove the secret from the image (and rotate it): inject it at run time from the "
              + "platform's secret store; if it is not a secret, paste the <waiver> shown with it",
          Policy.Level.ERROR,
          false,
          "check.html#Secrets",
          "");

  private final SecretScanner scanner;
  private final List<String> allowedFingerprints;

  /**
   * @param scanner examines the config's values; the layers' files were examined as they were read
   * @param allowedFingerprints secrets the platform accepts everywhere (e.g. a test key its base
   *     ships on purpose): they are not reported
   */
  public SecretsRule(SecretScanner scanner, List<String> allowedFingerprints) {
    this.scanner = scanner;
    this.allowedFingerprints = List.copyOf(allowedFingerprints);
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(InspectedImage image) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      LayerFacts layer = image.layers().get(i);
      for (SecretMatch match : layer.secrets()) {
        findings.add(
            finding(match, Location.inLayer(i, layer.diffId(), match.path(), match.line())));
      }
    }
    JsonNode config = image.config().path("config");
    for (JsonNode entry : config.path("Env")) {
      String text = entry.asText();
      int eq = text.indexOf('=');
      if (eq > 0) {
        String name = text.substring(0, eq);
        add(findings, scanner.scanSetting("Env " + name, name, text.substring(eq + 1)));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = config.path("Labels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      add(
          findings,
          scanner.scanSetting(
              "Labels " + label.getKey(), label.getKey(), label.getValue().asText()));
    }
    int index = 0;
    for (JsonNode history : image.config().path("history")) {
      for (String field : List.of("created_by", "comment")) {
        if (history.hasNonNull(field)) {
          add(
              findings,
              scanner.scanText("history[" + index + "]." + field, history.path(field).asText()));
        }
      }
      index++;
    }
    findings.removeIf(finding -> allowedFingerprints.contains(finding.fingerprint()));
    return findings;
  }

  private static void add(List<Finding> findings, List<SecretMatch> matches) {
    for (SecretMatch match : matches) {
      findings.add(finding(match, Location.inConfig(match.path())));
    }
  }

  private static Finding finding(SecretMatch match, Location location) {
    String value = match.redacted().isEmpty() ? "" : " (" + match.redacted() + ")";
    return new Finding(
        ID,
        match.fingerprint(),
        capitalised(match.description()) + value,
        location,
        match.fingerprint());
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
