package dev.paas.core.check.vuln.ecosystem;

import dev.paas.core.check.vuln.version.VersionScheme;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Optional;

/**
 * How one kind of installed package meets the advisories and the SBOM: the OSV ecosystems its
 * advisories are published under and the key both sides are reduced to, the name and version the
 * advisories are compared with, and its package URL. Every ecosystem is listed once, in {@link
 * PackageEcosystems}; a new one is one new class added there.
 */
public interface PackageEcosystem {

  /** The kind of installed package whose advisories this ecosystem holds. */
  InstalledPackage.Kind kind();

  /**
   * The key of the OSV ecosystem {@code ecosystem} (as OSV writes it, e.g. {@code Debian:12}), or
   * empty where it is not one of this ecosystem's.
   */
  Optional<String> key(String ecosystem);

  /**
   * The key under which the advisories for this kind of package of an image with {@code os} are
   * found, or empty where the OS release does not say which release its packages belong to.
   */
  Optional<String> key(Optional<OsRelease> os);

  /** The name the advisories list {@code p} under: its own, or its source package's. */
  String advisoryName(InstalledPackage p);

  /** The version of {@code p} compared with the advisories' ranges. */
  String advisoryVersion(InstalledPackage p);

  /**
   * The order of the OSV ecosystem {@code ecosystem}'s versions that the image's own tools decide
   * (Alpine's apk-tools), or empty where the image does not decide it.
   */
  default Optional<VersionScheme> imageOrder(String ecosystem, ImageInventory inventory) {
    return Optional.empty();
  }

  /** The parts of {@code p}'s package URL in an image with {@code os}. */
  PurlParts purl(InstalledPackage p, Optional<OsRelease> os);

  /**
   * What a finding says about the package the advisories matched where that is not {@code p}
   * itself, e.g. {@code (source openssl 3.0.11-1~deb12u2)}; empty where it is.
   */
  default String matchedAs(InstalledPackage p) {
    return "";
  }
}
