package dev.paas.core.check.vuln.ecosystem;

import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * rpm packages, in OSV's Red Hat ({@code Red Hat:enterprise_linux:9::appstream}, also for CentOS
 * and images whose {@code ID_LIKE} names either), {@code Rocky Linux:9} and {@code AlmaLinux:9}
 * ecosystems, compared by binary name and version. Purl: {@code
 * pkg:rpm/rhel/curl@7.76.1-29.el9?arch=x86_64&distro=rhel-9.4&epoch=1}, the epoch moved from the
 * version to its qualifier, as the spec has it.
 */
final class RpmPackages implements PackageEcosystem {
  private static final String ENTERPRISE_LINUX = "enterprise_linux:";

  @Override
  public InstalledPackage.Kind kind() {
    return InstalledPackage.Kind.RPM;
  }

  @Override
  public Optional<String> key(String ecosystem) {
    String rest = OsReleases.rest(ecosystem);
    String major;
    String family;
    switch (OsReleases.base(ecosystem)) {
      case "Red Hat" -> {
        int at = rest.indexOf(ENTERPRISE_LINUX);
        major =
            at < 0 ? "" : OsReleases.leadingDigits(rest.substring(at + ENTERPRISE_LINUX.length()));
        family = "redhat";
      }
      case "Rocky Linux" -> {
        major = OsReleases.leadingDigits(rest);
        family = "rocky";
      }
      case "AlmaLinux" -> {
        major = OsReleases.leadingDigits(rest);
        family = "almalinux";
      }
      default -> {
        return Optional.empty();
      }
    }
    // An ecosystem without a major release (Red Hat's EUS streams) keeps its own text: no image
    // package has that key.
    return Optional.of(major.isEmpty() ? ecosystem.toLowerCase(Locale.ROOT) : family + ":" + major);
  }

  @Override
  public Optional<String> key(Optional<OsRelease> os) {
    return OsReleases.versioned(os)
        .flatMap(
            release -> {
              String major = OsReleases.leadingDigits(release.versionId().strip());
              String id = OsReleases.id(release);
              if (major.isEmpty()) {
                return Optional.empty();
              }
              if (id.equals("rocky") || id.equals("almalinux")) {
                return Optional.of(id + ":" + major);
              }
              if (id.equals("rhel")
                  || id.equals("centos")
                  || OsReleases.likes(release, "rhel")
                  || OsReleases.likes(release, "centos")) {
                return Optional.of("redhat:" + major);
              }
              return Optional.empty();
            });
  }

  @Override
  public String advisoryName(InstalledPackage p) {
    return p.name();
  }

  @Override
  public String advisoryVersion(InstalledPackage p) {
    return p.version();
  }

  @Override
  public PurlParts purl(InstalledPackage p, Optional<OsRelease> os) {
    String version = p.version();
    String epoch = "";
    int colon = version.indexOf(':');
    if (colon > 0 && version.substring(0, colon).chars().allMatch(Character::isDigit)) {
      epoch = version.substring(0, colon);
      version = version.substring(colon + 1);
    }
    return new PurlParts(
        "rpm",
        OsReleases.namespace(os, null),
        p.name(),
        version,
        Map.of(
            "arch",
            p.arch(),
            "epoch",
            epoch.equals("0") ? "" : epoch,
            "distro",
            os.map(OsReleases::idAndVersion).orElse("")));
  }
}
