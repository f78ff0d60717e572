package dev.paas.core.check.vuln.inventory;

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
public record ImageInventory(Optional<OsRelease> os, List<ImagePackage> packages,
    List<String> problems) {

  public ImageInventory {
    packages = List.copyOf(packages);
    problems = List.copyOf(problems);
  }
}
