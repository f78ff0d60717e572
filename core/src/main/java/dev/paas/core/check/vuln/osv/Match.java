package dev.paas.core.check.vuln.osv;

import dev.paas.core.check.vuln.inventory.ImagePackage;
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
 */
public record Match(Advisory advisory, ImagePackage pkg, String ecosystem, Optional<String> fixedVersion) {

  public Match {
    Objects.requireNonNull(advisory, "advisory");
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(fixedVersion, "fixedVersion");
  }
}
