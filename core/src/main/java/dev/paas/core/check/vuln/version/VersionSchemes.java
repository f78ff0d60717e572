package dev.paas.core.check.vuln.version;

import java.util.Optional;

/** The version orders known here, and which one an OSV ecosystem uses. */
public final class VersionSchemes {

  /** Debian and Ubuntu packages. */
  public static final VersionScheme DPKG = new DpkgVersion();
  /** Red Hat family and SUSE packages. */
  public static final VersionScheme RPM = new RpmVersion();
  /** Alpine packages. */
  public static final VersionScheme APK = new ApkVersion();
  /** Maven artifacts. */
  public static final VersionScheme MAVEN = new MavenVersion();

  private VersionSchemes() {
  }

  /**
   * The order of an OSV ecosystem's versions, by the ecosystem's name as OSV writes it
   * ({@code Debian:12}, {@code Ubuntu:22.04:LTS}, {@code Alpine:v3.20}, {@code Red Hat:...},
   * {@code Rocky Linux:9}, {@code AlmaLinux:9}, {@code openSUSE:...}, {@code SUSE:...},
   * {@code Maven}); empty for an ecosystem whose order is not known here, or for null.
   */
  public static Optional<VersionScheme> forEcosystem(String osvEcosystem) {
    if (osvEcosystem == null) {
      return Optional.empty();
    }
    String name = osvEcosystem.strip();
    String family = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    switch (family) {
      case "Debian", "Ubuntu":
        return Optional.of(DPKG);
      case "Alpine":
        return Optional.of(APK);
      case "Maven":
        return Optional.of(MAVEN);
      default:
        break;
    }
    for (String prefix : new String[] {"Red Hat", "Rocky Linux", "AlmaLinux", "openSUSE", "SUSE"}) {
      if (name.startsWith(prefix)) {
        return Optional.of(RPM);
      }
    }
    return Optional.empty();
  }
}
