package dev.paas.core.check.vuln.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Locale;
import java.util.Optional;

/**
 * The package URL (<a href="https://github.com/package-url/purl-spec">purl</a>) of an installed
 * package, in canonical form (qualifiers sorted by key, values percent-encoded):
 *
 * <ul>
 *   <li>dpkg: {@code pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64&distro=debian-12}, the
 *       namespace the OS id ({@code debian}, {@code ubuntu}), the version with its epoch;
 *   <li>apk: {@code pkg:apk/alpine/curl@8.5.0-r0?arch=x86_64&distro=3.19.1};
 *   <li>rpm: {@code pkg:rpm/rhel/curl@7.76.1-29.el9?arch=x86_64&distro=rhel-9.4&epoch=1}, the
 *       epoch moved from the version to its qualifier, as the spec has it;
 *   <li>Maven: {@code pkg:maven/org.apache.commons/commons-text@1.9}. A library only its file
 *       name named ({@code :artifact}) has no groupId, which a Maven purl requires: it is
 *       {@code pkg:generic/foo-bar@2.3.1}, the spec's type for a package no other type fits.
 * </ul>
 *
 * <p>The source package is not written as a qualifier: the spec defines none for deb or apk
 * ({@code upstream} is a convention of some tools, not the spec's).
 */
public final class PackageUrls {

  private PackageUrls() {}

  /**
   * The canonical purl of a package.
   *
   * @param os the image's OS release, which gives the OS packages their namespace and distro
   * @throws IllegalArgumentException when the name cannot make a purl (an empty name)
   */
  public static String of(InstalledPackage p, Optional<OsRelease> os) {
    Builder purl = new Builder();
    switch (p.kind()) {
      case DPKG -> purl.withType("deb").withNamespace(namespace(os, "debian"))
          .withName(p.name()).withVersion(p.version())
          .withQualifier("arch", blankToNull(p.arch()))
          .withQualifier("distro", os.map(PackageUrls::idAndVersion).orElse(null));
      case APK -> purl.withType("apk").withNamespace(namespace(os, "alpine"))
          .withName(p.name()).withVersion(p.version())
          .withQualifier("arch", blankToNull(p.arch()))
          .withQualifier("distro", os.map(OsRelease::versionId).map(PackageUrls::blankToNull)
              .orElse(null));
      case RPM -> {
        String version = p.version();
        String epoch = null;
        int colon = version.indexOf(':');
        if (colon > 0 && version.substring(0, colon).chars().allMatch(Character::isDigit)) {
          epoch = version.substring(0, colon);
          version = version.substring(colon + 1);
        }
        purl.withType("rpm").withNamespace(namespace(os, null))
            .withName(p.name()).withVersion(version)
            .withQualifier("arch", blankToNull(p.arch()))
            .withQualifier("epoch", "0".equals(epoch) ? null : epoch)
            .withQualifier("distro", os.map(PackageUrls::idAndVersion).orElse(null));
      }
      case MAVEN -> {
        int colon = p.name().indexOf(':');
        String group = colon < 0 ? "" : p.name().substring(0, colon);
        String artifact = p.name().substring(colon + 1);
        if (group.isEmpty()) {
          purl.withType("generic").withName(artifact).withVersion(p.version());
        } else {
          purl.withType("maven").withNamespace(group).withName(artifact).withVersion(p.version());
        }
      }
      default -> throw new IllegalArgumentException("no purl type for " + p.kind());
    }
    try {
      return purl.builder.build().canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("no purl can be made for " + p.name() + " "
          + p.version() + " found in " + p.path() + ": " + e.getMessage(), e);
    }
  }

  /** The library's builder, taking a qualifier only when it has a value (empty ones are dropped). */
  private static final class Builder {
    private final PackageURLBuilder builder = PackageURLBuilder.aPackageURL();

    Builder withType(String type) {
      builder.withType(type);
      return this;
    }

    Builder withNamespace(String namespace) {
      builder.withNamespace(namespace);
      return this;
    }

    Builder withName(String name) {
      builder.withName(name);
      return this;
    }

    Builder withVersion(String version) {
      builder.withVersion(version);
      return this;
    }

    Builder withQualifier(String key, String value) {
      if (value != null && !value.isEmpty()) {
        builder.withQualifier(key, value);
      }
      return this;
    }
  }

  private static String namespace(Optional<OsRelease> os, String fallback) {
    return os.map(OsRelease::id).map(PackageUrls::blankToNull)
        .map(id -> id.toLowerCase(Locale.ROOT)).orElse(fallback);
  }

  /** {@code debian-12}, {@code rhel-9.4}; the codename where no version is given. */
  private static String idAndVersion(OsRelease os) {
    String version = os.versionId().isBlank() ? os.versionCodename() : os.versionId();
    if (os.id().isBlank() || version == null || version.isBlank()) {
      return null;
    }
    return os.id().toLowerCase(Locale.ROOT) + "-" + version;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
