package dev.paas.core.inventory;

import java.util.List;
import java.util.Optional;

/**
 * The Maven coordinates of the jars whose manifest names a module or bundle but no group: Java
 * module names ({@code Automatic-Module-Name}) and OSGi bundle names ({@code Bundle-SymbolicName})
 * of projects built without Maven, whose jars carry no {@code pom.properties}.
 *
 * <table>
 *   <caption>Mapping, first match wins; {@code x} is the rest of the name, dots made hyphens</caption>
 *   <tr><th>module or bundle name</th><th>coordinates</th></tr>
 *   <tr><td>{@code spring.boot}, {@code spring.boot.x}</td>
 *     <td>{@code org.springframework.boot:spring-boot}, {@code ...:spring-boot-x}</td></tr>
 *   <tr><td>{@code spring.security.x}</td><td>{@code org.springframework.security:spring-security-x}</td></tr>
 *   <tr><td>{@code spring.data.x}</td><td>{@code org.springframework.data:spring-data-x}</td></tr>
 *   <tr><td>{@code spring.x}</td><td>{@code org.springframework:spring-x}</td></tr>
 *   <tr><td>{@code org.springframework.x} (Spring's OSGi bundles)</td>
 *     <td>{@code org.springframework:spring-x}</td></tr>
 *   <tr><td>{@code com.h2database}, {@code org.h2}</td><td>{@code com.h2database:h2}</td></tr>
 * </table>
 */
public final class ModuleNames {
  /** A library's Maven coordinates without the version. */
  public record Coordinates(String groupId, String artifactId) {}

  /**
   * A name prefix and the group its artifacts belong to; the artifact is {@code artifactPrefix +
   * rest}.
   */
  private record Family(String prefix, String groupId, String artifactPrefix) {}

  private static final List<Family> FAMILIES =
      List.of(
          new Family("spring.boot", "org.springframework.boot", "spring-boot"),
          new Family("spring.security.", "org.springframework.security", "spring-security-"),
          new Family("spring.data.", "org.springframework.data", "spring-data-"),
          new Family("spring.", "org.springframework", "spring-"),
          new Family("org.springframework.", "org.springframework", "spring-"));

  private ModuleNames() {}

  /** The coordinates {@code name} maps to, or empty for a name not in the table (or blank). */
  public static Optional<Coordinates> coordinates(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String n = name.strip();
    if (n.equals("com.h2database") || n.equals("org.h2")) {
      return Optional.of(new Coordinates("com.h2database", "h2"));
    }
    for (Family family : FAMILIES) {
      if (!n.startsWith(family.prefix())) {
        continue;
      }
      String rest = n.substring(family.prefix().length());
      if (family.prefix().equals("spring.boot")) {
        if (!rest.isEmpty() && !rest.startsWith(".")) {
          continue; // spring.bootstrap is not Spring Boot
        }
        return Optional.of(
            new Coordinates(family.groupId(), family.artifactPrefix() + rest.replace('.', '-')));
      }
      if (rest.isEmpty() || !rest.matches("[a-z0-9]+(\\.[a-z0-9]+)*")) {
        return Optional.empty();
      }
      return Optional.of(
          new Coordinates(family.groupId(), family.artifactPrefix() + rest.replace('.', '-')));
    }
    return Optional.empty();
  }
}
