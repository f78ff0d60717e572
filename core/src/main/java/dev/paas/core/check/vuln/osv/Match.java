package dev.paas.core.check.vuln.osv;

import dev.paas.core.inventory.ImagePackage;
import java.util.Objects;
import java.util.Optional;

/**
 * An advisory that affects a package installed in an image.
 *
 * @param advisory the advisory
 * @param pkg the package, with the layer that installed it
 * @param ecosystem the OSV ecosystem of the advisory's entry that matched, e.g. {@code Debian:12}
 * @param fixedVersion the lowest {@code fixed} version above the installed one, if the advisory
 *     names one: what to upgrade to
 * @param assumedGroup for a Java library known without its group (by its file name), the group the
 *     match assumed: the only one the advisories know for that artifact
 */
public record Match(
    Advisory advisory,
    ImagePackage pkg,
    String ecosystem,
    Optional<String> fixedVersion,
    Optional<String> assumedGroup) {

  public Match {
    Objects.requireNonNull(advisory, "advisory");
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(fixedVersion, "fixedVersion");
    Objects.requireNonNull(assumedGroup, "assumedGroup");
  }

  /** A match of a package known by its full name. */
  public Match(
      Advisory advisory, ImagePackage pkg, String ecosystem, Optional<String> fixedVersion) {
    this(advisory, pkg, ecosystem, fixedVersion, Optional.empty());
  }
}
