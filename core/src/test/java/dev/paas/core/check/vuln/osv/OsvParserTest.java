package dev.paas.core.check.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OsvParserTest {

  static byte[] resource(String name) throws IOException {
    try (InputStream in = OsvParserTest.class.getResourceAsStream("/osv/" + name)) {
      if (in == null) {
        throw new IOException("no test resource /osv/" + name);
      }
      return in.readAllBytes();
    }
  }

  @Test
  void readsLog4ShellAsGitHubPublishesIt() throws Exception {
    Advisory a = OsvParser.parse(resource("GHSA-jfh8-c2jp-5v3q.json"), "GHSA-jfh8-c2jp-5v3q.json");

    assertThat(a.id()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(a.aliases()).containsExactly("CVE-2021-44228");
    assertThat(a.summary()).isEqualTo("Remote code injection in Log4j");
    assertThat(a.modified()).isEqualTo("2022-03-25T20:56:18Z");
    assertThat(a.severities())
        .containsExactly(new Severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"));
    assertThat(a.databaseSeverity()).contains("CRITICAL");
    assertThat(a.withdrawn()).isEmpty();
    assertThat(a.affected())
        .hasSize(3)
        .allSatisfy(
            affected -> {
              assertThat(affected.ecosystem()).isEqualTo("Maven");
              assertThat(affected.name()).isEqualTo("org.apache.logging.log4j:log4j-core");
              assertThat(affected.versions()).isEmpty();
              assertThat(affected.ecosystemSeverity()).isEmpty();
            });
    assertThat(a.affected().get(0).ranges())
        .containsExactly(
            new Range(
                Range.Type.ECOSYSTEM,
                List.of(
                    new Event(Event.Kind.INTRODUCED, "2.13.0"),
                    new Event(Event.Kind.FIXED, "2.15.0"))));
    assertThat(a.affected().get(1).ranges().get(0).events())
        .containsExactly(
            new Event(Event.Kind.INTRODUCED, "0"), new Event(Event.Kind.FIXED, "2.3.1"));
  }

  @Test
  void readsEveryRealDocument() throws Exception {
    for (String name :
        List.of(
            "GHSA-jfh8-c2jp-5v3q.json",
            "GHSA-7rjr-3q55-vv33.json",
            "GHSA-57j2-w4cx-62h2.json",
            "GHSA-jjjh-jjxp-wpff.json")) {
      Advisory a = OsvParser.parse(resource(name), name);
      assertThat(a.id() + ".json").isEqualTo(name);
      assertThat(a.affected()).isNotEmpty();
      assertThat(a.databaseSeverity()).isPresent();
    }
    Advisory jackson = OsvParser.parse(resource("GHSA-jjjh-jjxp-wpff.json"), "x");
    assertThat(jackson.affected().get(0).ranges().get(0).events())
        .containsExactly(
            new Event(Event.Kind.INTRODUCED, "2.4.0-rc1"), new Event(Event.Kind.FIXED, "2.12.7.1"));
  }

  @Test
  void internsEcosystemAndPackageNames() throws Exception {
    OsvParser parser = new OsvParser();
    Advisory a = parser.read(resource("GHSA-jfh8-c2jp-5v3q.json"), "a");
    Advisory b = parser.read(resource("GHSA-7rjr-3q55-vv33.json"), "b");
    assertThat(a.affected().get(0).name()).isSameAs(b.affected().get(0).name());
    assertThat(a.affected().get(0).ecosystem()).isSameAs(b.affected().get(1).ecosystem());
  }

  /** In the shape osv.dev publishes Debian's records (written here, not copied). */
  @Test
  void readsAffectedSeveritiesUrgencyVersionsLimitsAndWithdrawal() throws Exception {
    Advisory a =
        parse(
            """
        {"id": "DEBIAN-CVE-2023-0001", "modified": "2024-01-01T00:00:00Z",
         "withdrawn": "2024-02-01T00:00:00Z", "unknown": {"deep": [1, 2, {"x": null}]},
         "affected": [{
           "package": {"ecosystem": "Debian:12", "name": "openssl", "purl": "pkg:deb/debian/openssl"},
           "severity": [{"type": "Ubuntu", "score": "medium"}],
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"limit": "*"},
              {"last_affected": "3.0.9-1"}], "database_specific": {"x": 1}},
             {"type": "GIT", "repo": "https://example.org/r", "events": [{"introduced": "abc"}]},
             {"type": "SOMETHING_NEW", "events": [{"introduced": "1"}]}],
           "versions": ["3.0.9-1"],
           "ecosystem_specific": {"urgency": "low"}
         }]}
        """);
    assertThat(a.isWithdrawn()).isTrue();
    assertThat(a.aliases()).isEmpty();
    assertThat(a.databaseSeverity()).isEmpty();
    Affected affected = a.affected().get(0);
    assertThat(affected.ecosystemSeverity()).contains("low");
    assertThat(affected.severities()).containsExactly(new Severity("Ubuntu", "medium"));
    assertThat(affected.versions()).containsExactly("3.0.9-1");
    assertThat(affected.ranges())
        .extracting(Range::type)
        .containsExactly(Range.Type.ECOSYSTEM, Range.Type.GIT);
    assertThat(affected.ranges().get(0).events())
        .extracting(Event::kind)
        .containsExactly(Event.Kind.INTRODUCED, Event.Kind.LIMIT, Event.Kind.LAST_AFFECTED);
  }

  @Test
  void anAffectedDatabaseSeverityCountsWhenNoEcosystemOneIsGiven() throws Exception {
    Advisory a =
        parse(
            """
        {"id": "X-1", "affected": [{"package": {"ecosystem": "Alpine:v3.19", "name": "busybox"},
          "database_specific": {"severity": "HIGH"}}]}""");
    assertThat(a.affected().get(0).ecosystemSeverity()).contains("HIGH");
    assertThat(a.affected().get(0).ranges()).isEmpty();
    assertThat(a.withdrawn()).isEmpty();
    assertThat(a.summary()).isEmpty();
  }

  @Test
  void refusesMalformedDocumentsSayingWhereAndWhat() {
    assertThatThrownBy(() -> parse("{\"id\": \"X-1\", "))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("doc.json: not an OSV advisory: it is not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("it is not a JSON object");
    assertThatThrownBy(() -> parse("{\"summary\": \"no id\"}"))
        .hasMessageContaining("it has no \"id\"");
    assertThatThrownBy(() -> parse("{\"id\": 7}"))
        .hasMessageContaining("\"id\" must be a string, not a number");
    assertThatThrownBy(() -> parse("{\"id\": \"X\", \"affected\": [{\"ranges\": []}]}"))
        .hasMessageContaining("affected[0] names no package");
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}]}]}"""))
        .hasMessageContaining(
            "affected[0].ranges[0].events[0] has both \"introduced\" and \"fixed\"");
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{}]}]}]}"""))
        .hasMessageContaining("events[0] is none of introduced, fixed, last_affected, limit");
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"},
          "ranges": [{"events": []}]}]}"""))
        .hasMessageContaining("affected[0].ranges[0] has no \"type\"");
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": 2}]}]}]}"""))
        .hasMessageContaining(
            "\"affected[0].ranges[0].events[1].fixed\" must be a string, not a number");
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"}, "versions": ["1", {}]}]}"""))
        .hasMessageContaining("\"affected[0].versions[1]\" must be a string, not an object");
    assertThatThrownBy(() -> parse("{\"id\": \"X\", \"affected\": {}}"))
        .hasMessageContaining("\"affected\" must be an array, not an object");
    assertThatThrownBy(() -> parse("{\"id\": \"X\", \"severity\": [{\"type\": \"CVSS_V3\"}]}"))
        .hasMessageContaining("severity[0] needs both \"type\" and \"score\"")
        .hasMessageContaining("fresh copy from osv.dev");
  }

  @Test
  void nullListsAreEmpty() throws Exception {
    Advisory a =
        parse(
            "{\"id\": \"X\", \"aliases\": null, \"affected\": null, \"severity\": null,"
                + " \"withdrawn\": null, \"database_specific\": {\"severity\": 3}}");
    assertThat(a.aliases()).isEmpty();
    assertThat(a.affected()).isEmpty();
    assertThat(a.withdrawn()).isEqualTo(Optional.empty());
    assertThat(a.databaseSeverity()).isEmpty();
  }

  private static Advisory parse(String json) throws PaasException {
    return OsvParser.parse(json.getBytes(StandardCharsets.UTF_8), "doc.json");
  }
}
