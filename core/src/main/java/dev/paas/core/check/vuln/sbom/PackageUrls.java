package dev.paas.core.check.vuln.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.paas.core.check.vuln.ecosystem.PackageEcosystems;
import dev.paas.core.check.vuln.ecosystem.PurlParts;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Optional;

/**
 * The package URL (<a href="https://github.com/package-url/purl-spec">purl</a>) of an installed
 * package, in canonical form (qualifiers sorted by key, values percent-encoded):
 *
 * <ul>
 *   <li>dpkg: {@code pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64&distro=debian-12}, the
 *       namespace the OS id ({@code debian}, {@code ubuntu}), the version with its epoch;
 *   <li>apk: {@code pkg:apk/alpine/curl@8.5.0-r0?arch=x86_64&distro=3.19.1};
 *   <li>rpm: {@code pkg:rpm/rhel/curl@7.76.1-29.el9?arch=x86_64&distro=rhel-9.4&epoch=1}, the epoch
 *       moved from the version to its qualifier, as the spec has it;
 *   <li>Maven: {@code pkg:maven/org.apache.commons/commons-text@1.9}. A library only its file name
 *       named ({@code :artifact}) has no groupId, which a Maven purl requires: it is {@code
 *       pkg:generic/foo-bar@2.3.1}, the spec's type for a package no other type fits.
 * </ul>
 *
 * <p>The source package is not written as a qualifier: the spec defines none for deb or apk ({@code
 * upstream} is a convention of some tools, not the spec's). Each kind's parts come from its entry
 * in {@link PackageEcosystems}.
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
    PurlParts parts = PackageEcosystems.of(p.kind()).purl(p, os);
    PackageURLBuilder purl =
        PackageURLBuilder.aPackageURL()
            .withType(parts.type())
            .withNamespace(parts.namespace())
            .withName(parts.name())
            .withVersion(parts.version());
    parts.qualifiers().forEach(purl::withQualifier);
    try {
      return purl.build().canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException(
          "no purl can be made for "
              + p.name()
              + " "
              + p.version()
              + " found in "
              + p.path()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
