package dev.paas.core.inventory;

import java.util.List;
import java.util.Optional;

/**
 * Everything installed in one image: its OS release and its packages, as the SBOM lists them and
 * the advisories are matched against.
 *
 * @param os the OS release, if the image names one
 * @param packages every OS package and Java library, bottom layer first
 * @param problems what could not be read (a damaged database, an unreadable jar), each a sentence
 *     that says what and where
 */
public record ImageInventory(
    Optional<OsRelease> os, List<ImagePackage> packages, List<String> problems) {

  public ImageInventory {
    packages = List.copyOf(packages);
    problems = List.copyOf(problems);
  }

  /** The version of the OS package {@code name} that the image's {@code kind} database lists. */
  public Optional<String> osPackageVersion(InstalledPackage.Kind kind, String name) {
    for (ImagePackage p : packages) {
      if (p.installed().kind() == kind && p.installed().name().equals(name)) {
        return Optional.of(p.installed().version());
      }
    }
    return Optional.empty();
  }
}
