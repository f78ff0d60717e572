package dev.paas.core.check.vuln.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An OSV document as Jackson binds it (https://ossf.github.io/osv-schema/): only the fields the
 * check uses, each as the schema types it; {@link OsvParser} checks what the schema requires and
 * turns it into an {@link Advisory}. A list given as {@code null} is absent; an event list given as
 * {@code null} is refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OsvDocument(
    String id,
    List<String> aliases,
    List<String> upstream,
    String summary,
    String details,
    String modified,
    String withdrawn,
    @JsonProperty("severity") List<SeverityEntry> severities,
    @JsonProperty("database_specific") JsonNode databaseSpecific,
    List<AffectedEntry> affected) {

  /** One {@code affected[]} entry. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AffectedEntry(
      @JsonProperty("package") PackageEntry pkg,
      List<RangeEntry> ranges,
      List<String> versions,
      @JsonProperty("severity") List<SeverityEntry> severities,
      @JsonProperty("ecosystem_specific") JsonNode ecosystemSpecific,
      @JsonProperty("database_specific") JsonNode databaseSpecific) {}

  /** {@code affected[].package}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PackageEntry(String ecosystem, String name) {}

  /** {@code affected[].ranges[]}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record RangeEntry(String type, @JsonSetter(nulls = Nulls.FAIL) List<EventEntry> events) {}

  /** One event: exactly one of its fields is given. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record EventEntry(
      String introduced,
      String fixed,
      @JsonProperty("last_affected") String lastAffected,
      String limit) {}

  /** {@code severity[]}, top-level or of an affected entry. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SeverityEntry(String type, String score) {}
}
