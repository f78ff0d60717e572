package dev.paas.core.check.vuln.ecosystem;

import dev.paas.core.check.vuln.version.VersionScheme;
import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Map;
import java.util.Optional;

/**
 * apk packages, in OSV's {@code Alpine:v3.19} ecosystems. Alpine's advisories name the origin
 * (source) package but its binary packages' versions; an image's ranges are ordered as the image's
 * own apk-tools orders versions, since 2.x and 3.x disagree on versions such as {@code 1.9.5p1-r1}
 * and {@code 1.9.5p2-r1}. Purl: {@code pkg:apk/alpine/curl@8.5.0-r0?arch=x86_64&distro=3.19.1}.
 */
final class AlpinePackages implements PackageEcosystem {
  private static final String OSV_NAME = "Alpine";

  /** The apk package whose version decides Alpine's version order. */
  private static final String APK_TOOLS = "apk-tools";

  @Override
  public InstalledPackage.Kind kind() {
    return InstalledPackage.Kind.APK;
  }

  @Override
  public Optional<String> key(String ecosystem) {
    if (!OsReleases.base(ecosystem).equals(OSV_NAME)) {
      return Optional.empty();
    }
    String rest = OsReleases.rest(ecosystem);
    return Optional.of("alpine:" + (rest.startsWith("v") ? rest.substring(1) : rest));
  }

  @Override
  public Optional<String> key(Optional<OsRelease> os) {
    return OsReleases.versioned(os)
        .filter(r -> OsReleases.id(r).equals("alpine") || OsReleases.likes(r, "alpine"))
        .flatMap(OsReleases::majorMinor)
        .map(v -> "alpine:" + v);
  }

  @Override
  public String advisoryName(InstalledPackage p) {
    return p.sourceName();
  }

  @Override
  public String advisoryVersion(InstalledPackage p) {
    return p.version();
  }

  @Override
  public Optional<VersionScheme> imageOrder(String ecosystem, ImageInventory inventory) {
    if (!OsReleases.base(ecosystem).equals(OSV_NAME)) {
      return Optional.empty();
    }
    return inventory
        .osPackageVersion(InstalledPackage.Kind.APK, APK_TOOLS)
        .flatMap(VersionSchemes::forApkTools);
  }

  @Override
  public PurlParts purl(InstalledPackage p, Optional<OsRelease> os) {
    return new PurlParts(
        "apk",
        OsReleases.namespace(os, "alpine"),
        p.name(),
        p.version(),
        Map.of("arch", p.arch(), "distro", os.map(OsRelease::versionId).orElse("")));
  }
}
