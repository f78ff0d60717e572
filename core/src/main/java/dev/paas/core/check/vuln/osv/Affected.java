package dev.paas.core.check.vuln.osv;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code affected[]} entry of an OSV advisory: a package in an ecosystem and which of its
 * versions are affected.
 *
 * @param ecosystem the OSV ecosystem as written, e.g. {@code Maven}, {@code Debian:12}, {@code
 *     Alpine:v3.19}, {@code Red Hat:enterprise_linux:9::appstream}
 * @param name the package's name in that ecosystem: {@code groupId:artifactId} for Maven, the
 *     source package for Debian, Ubuntu and Alpine, the binary rpm for Red Hat
 * @param ranges the affected ranges
 * @param versions the affected versions listed one by one
 * @param severities {@code affected[].severity}
 * @param ecosystemSeverity the severity or urgency the entry's {@code ecosystem_specific} or {@code
 *     database_specific} gives (e.g. Debian's urgency), if any
 */
public record Affected(
    String ecosystem,
    String name,
    List<Range> ranges,
    List<String> versions,
    List<Severity> severities,
    Optional<String> ecosystemSeverity) {

  public Affected {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(name, "name");
    ranges = List.copyOf(ranges);
    versions = List.copyOf(versions);
    severities = List.copyOf(severities);
    Objects.requireNonNull(ecosystemSeverity, "ecosystemSeverity");
  }
}
