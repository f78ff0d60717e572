package dev.paas.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.ProfileParser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class CatalogViewTest {
  private static List<String> lines(String text) {
    return List.of(text.split("\n"));
  }

  private static String lineStartingWith(List<String> lines, String start) {
    return lines.stream()
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no line starts with '" + start + "' in\n" + String.join("\n", lines)));
  }

  @Test
  void tableHasAHeaderAndARowPerOffer() throws PaasException {
    String table = CatalogView.table(PlatformProfiles.embedded());
    List<String> lines = lines(table);

    assertThat(table).startsWith("Platform profile: paas-default (embedded default profile)\n");
    String header = lineStartingWith(lines, "NAME");
    assertThat(header).matches("NAME +KIND +ENVIRONMENTS +DESCRIPTION +CHANGES");
    assertThat(lineStartingWith(lines, "wget "))
        .matches("wget +option +any +GNU Wget, .* +run \\(alpine, debian, rhel\\)");
    assertThat(lineStartingWith(lines, "heap-dump ")).matches("heap-dump +option +any .*");
    assertThat(lineStartingWith(lines, "jacoco ")).matches("jacoco +service +any +JaCoCo .*");
    assertThat(lineStartingWith(lines, "prometheus-jmx "))
        .matches("prometheus-jmx +service +any .*");
  }

  @Test
  void tableColumnsLineUpWithTheHeader() throws PaasException {
    List<String> lines = lines(CatalogView.table(PlatformProfiles.embedded()));
    String header = lineStartingWith(lines, "NAME");
    String wget = lineStartingWith(lines, "wget ");
    String jacoco = lineStartingWith(lines, "jacoco ");

    assertThat(wget.indexOf("option")).isEqualTo(header.indexOf("KIND"));
    assertThat(wget.indexOf("any")).isEqualTo(header.indexOf("ENVIRONMENTS"));
    assertThat(wget.indexOf("GNU Wget")).isEqualTo(header.indexOf("DESCRIPTION"));
    assertThat(wget.indexOf("run (")).isEqualTo(header.indexOf("CHANGES"));
    assertThat(jacoco.indexOf("service")).isEqualTo(header.indexOf("KIND"));
    assertThat(jacoco.indexOf("artifact org.jacoco:org.jacoco.agent:0.8.15:jar:runtime"))
        .isEqualTo(header.indexOf("CHANGES"));
  }

  @Test
  void aLongNameOrWordIsBrokenSoTheColumnsStayAligned() throws PaasException {
    String longName = "a-very-long-option-name-for-the-platform";
    PlatformProfile profile =
        ProfileParser.parse(
            """
        schemaVersion: 1
        options:
          %s:
            description: See https://platform.example/docs/options/a-very-long-option-name-for-the-platform.html
            env: {LONG: "1"}
        """
                .formatted(longName),
            "long.yaml",
            ProfileParser.empty());
    List<String> lines = lines(CatalogView.table(profile));
    String header = lineStartingWith(lines, "NAME");
    int first = lines.indexOf(lineStartingWith(lines, longName.substring(0, 16)));

    assertThat(lines.get(first).indexOf("option")).isEqualTo(header.indexOf("KIND"));
    assertThat(lines.get(first).indexOf("env LONG")).isEqualTo(header.indexOf("CHANGES"));
    assertThat(lines.get(first + 1)).startsWith(longName.substring(16, 32) + " ");
    assertThat(lines.get(first + 2)).startsWith(longName.substring(32) + " ");
    for (String line : lines.subList(first, first + 3)) {
      assertThat(
              line.length() <= header.indexOf("CHANGES")
                  || line.charAt(header.indexOf("CHANGES") - 1) == ' ')
          .as("line %s keeps the CHANGES column clear", line)
          .isTrue();
    }
  }

  @Test
  void tableListsEachChangeOfAServiceOnItsOwnLine() throws PaasException {
    String table = CatalogView.table(PlatformProfiles.embedded());

    assertThat(table)
        .contains(
            "script /opt/paas/services/jacoco/dump.sh\n",
            "script /opt/paas/services/jacoco/reset.sh\n",
            "port 6300\n",
            "jvm -javaagent:${artifact}=output=tcpserver,address=*,port=6300\n",
            "file /opt/paas/services/prometheus-jmx/config.yaml\n");
  }

  @Test
  void tableOfAProfileWithOfficialImagesListsThem() throws PaasException {
    PlatformProfile profile =
        ProfileParser.parse(
            """
        schemaVersion: 1
        name: acme
        officialImages:
          - name: java21
            repository: registry.example/base/java21
            tags: ["21.0.4"]
            default: true
        """,
            "acme.yaml",
            PlatformProfiles.embedded());

    assertThat(CatalogView.table(profile))
        .startsWith(
            "Platform profile: acme (acme.yaml)\n"
                + "Official base images:\n"
                + "  java21  registry.example/base/java21  tags 21.0.4  (default)\n");
  }

  @Test
  void jsonHasEveryOfferWithWhatItChanges() throws Exception {
    JsonNode root = new ObjectMapper().readTree(CatalogView.json(PlatformProfiles.embedded()));

    assertThat(root.path("profile").asText()).isEqualTo("paas-default");
    assertThat(root.path("source").asText()).isEqualTo("embedded default profile");
    assertThat(root.path("officialImages").isArray()).isTrue();
    JsonNode offers = root.path("offers");
    assertThat(offers.isArray()).isTrue();
    List<String> names = new ArrayList<>();
    offers.forEach(o -> names.add(o.path("name").asText()));
    assertThat(names).containsExactly("wget", "heap-dump", "utf8", "jacoco", "prometheus-jmx");
    offers.forEach(
        offer ->
            assertThat(
                    offer.has("name")
                        && offer.has("kind")
                        && offer.has("description")
                        && offer.path("changes").isObject())
                .as(offer.toString())
                .isTrue());

    JsonNode wget = offer(offers, "wget");
    assertThat(wget.path("kind").asText()).isEqualTo("option");
    assertThat(wget.path("description").asText()).startsWith("GNU Wget");
    List<String> runKeys = new ArrayList<>();
    wget.path("changes").path("run").fieldNames().forEachRemaining(runKeys::add);
    assertThat(runKeys).containsExactlyInAnyOrder("debian", "rhel", "alpine");
    assertThat(wget.path("changes").path("run").path("alpine").asText())
        .isEqualTo("apk add --no-cache wget");

    JsonNode jacoco = offer(offers, "jacoco");
    assertThat(jacoco.path("kind").asText()).isEqualTo("service");
    assertThat(jacoco.path("changes").path("artifact").asText())
        .isEqualTo("org.jacoco:org.jacoco.agent:0.8.15:jar:runtime");
    assertThat(jacoco.path("changes").path("ports").get(0).asText()).isEqualTo("6300");
    assertThat(
            StreamSupport.stream(jacoco.path("changes").path("scripts").spliterator(), false)
                .map(JsonNode::asText))
        .containsExactly("/opt/paas/services/jacoco/dump.sh", "/opt/paas/services/jacoco/reset.sh");
    assertThat(
            offer(offers, "prometheus-jmx")
                .path("changes")
                .path("files")
                .get(0)
                .path("mode")
                .asText())
        .isEqualTo("0644");
  }

  @Test
  void jsonNamesAScriptForAnyFamilyAny() throws Exception {
    PlatformProfile profile =
        ProfileParser.parse(
            """
        schemaVersion: 1
        options:
          hello:
            description: says hello
            environments: [test]
            run: echo hello
        """,
            "acme.yaml",
            PlatformProfiles.embedded());

    JsonNode hello =
        offer(new ObjectMapper().readTree(CatalogView.json(profile)).path("offers"), "hello");

    assertThat(hello.path("changes").path("run").path("any").asText()).isEqualTo("echo hello");
    assertThat(hello.path("environments").get(0).asText()).isEqualTo("test");
  }

  private static JsonNode offer(JsonNode offers, String name) {
    for (JsonNode offer : offers) {
      if (offer.path("name").asText().equals(name)) {
        return offer;
      }
    }
    throw new AssertionError("no offer " + name + " in " + offers);
  }

  @Test
  void listsTheSecretRulesInForce() throws Exception {
    PlatformProfile profile =
        ProfileParser.parse(
            """
        schemaVersion: 1
        secrets:
          rules: |
            [[rules]]
            id = "acme-token"
            description = "an ACME token"
            regex = '''(acme_[A-Za-z0-9]{20})'''
            keywords = ["acme_"]
          disable: [jwt]
        """,
            "acme.yaml",
            PlatformProfiles.embedded());

    String table = CatalogView.table(profile);
    assertThat(table)
        .contains("Secret rules in force")
        .contains("github-pat")
        .contains("acme-token")
        .contains("Turned off by the platform: jwt");
    assertThat(table.lines().filter(l -> l.startsWith("jwt "))).isEmpty();
    JsonNode rules = new ObjectMapper().readTree(CatalogView.json(profile)).path("secretRules");
    assertThat(rules.path("rules").size()).isGreaterThan(100);
    assertThat(rules.path("rules").findValuesAsText("id"))
        .contains("acme-token", "private-key")
        .doesNotContain("jwt");
    assertThat(rules.path("disabled").get(0).asText()).isEqualTo("jwt");
  }

  @Test
  void tableAndJsonListEveryComplianceRuleAtTheProfilesLevel() throws Exception {
    PlatformProfile profile =
        ProfileParser.parse(
            "schemaVersion: 1\npolicy:\n  rules:\n    setuid: warn\n",
            "acme.yaml",
            PlatformProfiles.embedded());

    List<String> lines = lines(CatalogView.table(profile));
    assertThat(lineStartingWith(lines, "RULE ")).matches("RULE +LEVEL +TITLE +DOCUMENTATION");
    assertThat(lineStartingWith(lines, "base-inheritance "))
        .matches(
            "base-inheritance +error +Built on an official base \\(mandatory\\) +check.html#The_rules");
    assertThat(lineStartingWith(lines, "setuid ")).matches("setuid +warn +No setuid .*");
    JsonNode rules = new ObjectMapper().readTree(CatalogView.json(profile)).path("rules");
    assertThat(rules.findValuesAsText("id")).isEqualTo(RuleCatalogue.IDS);
    assertThat(rules.get(RuleCatalogue.IDS.indexOf("setuid")).path("level").asText())
        .isEqualTo("warn");
    assertThat(rules.get(0).path("mandatory").asBoolean()).isTrue();
  }
}
