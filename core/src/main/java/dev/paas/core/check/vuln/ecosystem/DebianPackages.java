package dev.paas.core.check.vuln.ecosystem;

import static dev.paas.core.check.vuln.ecosystem.OsReleases.base;
import static dev.paas.core.check.vuln.ecosystem.OsReleases.rest;

import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * dpkg packages, in OSV's {@code Debian:12} and {@code Ubuntu:22.04[:LTS]} ecosystems. Debian's and
 * Ubuntu's advisories name source packages, so a package is compared by its source name and source
 * version; its purl is {@code pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12}.
 */
final class DebianPackages implements PackageEcosystem {

  @Override
  public InstalledPackage.Kind kind() {
    return InstalledPackage.Kind.DPKG;
  }

  @Override
  public Optional<String> key(String ecosystem) {
    String rest = rest(ecosystem);
    switch (base(ecosystem)) {
      case "Debian":
        return Optional.of(rest.isEmpty() ? "debian" : "debian:" + rest.toLowerCase(Locale.ROOT));
      case "Ubuntu":
        for (String part : rest.split(":")) {
          if (OsReleases.isMajorMinor(part)) {
            return Optional.of("ubuntu:" + part);
          }
        }
        return Optional.of("ubuntu:" + rest.toLowerCase(Locale.ROOT));
      default:
        return Optional.empty();
    }
  }

  @Override
  public Optional<String> key(Optional<OsRelease> os) {
    return OsReleases.versioned(os)
        .flatMap(
            release -> {
              String id = OsReleases.id(release);
              if (id.equals("ubuntu")
                  || (!id.equals("debian") && OsReleases.likes(release, "ubuntu"))) {
                return OsReleases.majorMinor(release).map(v -> "ubuntu:" + v);
              }
              String major = OsReleases.leadingDigits(release.versionId().strip());
              if ((id.equals("debian") || OsReleases.likes(release, "debian"))
                  && !major.isEmpty()) {
                return Optional.of("debian:" + major);
              }
              return Optional.empty();
            });
  }

  @Override
  public String advisoryName(InstalledPackage p) {
    return p.sourceName();
  }

  @Override
  public String advisoryVersion(InstalledPackage p) {
    return p.sourceVersion();
  }

  @Override
  public PurlParts purl(InstalledPackage p, Optional<OsRelease> os) {
    return new PurlParts(
        "deb",
        OsReleases.namespace(os, "debian"),
        p.name(),
        p.version(),
        Map.of("arch", p.arch(), "distro", os.map(OsReleases::idAndVersion).orElse("")));
  }

  // A binary package is matched through its source package: say so where they differ.
  @Override
  public String matchedAs(InstalledPackage p) {
    boolean differs = !p.sourceName().equals(p.name()) || !p.sourceVersion().equals(p.version());
    return differs ? " (source " + p.sourceName() + " " + p.sourceVersion() + ")" : "";
  }
}
