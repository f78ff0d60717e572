package dev.paas.core.check.vuln;

import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.check.vuln.osv.AdvisoryMatcher;
import dev.paas.core.check.vuln.osv.Match;
import dev.paas.core.check.vuln.version.VersionScheme;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import java.util.List;
import java.util.Optional;

/**
 * Whether moving to another official base would fix a vulnerable package the image got from its
 * base: that base installs a newer version of the same package, which the advisory does not affect.
 */
public final class NewerBaseFix implements FixedInBase {
  /** The inventory of an official base, where it can be read. */
  public interface BaseInventories {
    Optional<ImageInventory> of(OfficialBase base);
  }

  private final InspectedImage image;
  private final BaseInventories inventories;
  private final AdvisoryMatcher matcher;
  private final AdvisoryDb advisories;

  public NewerBaseFix(
      InspectedImage image,
      BaseInventories inventories,
      AdvisoryMatcher matcher,
      AdvisoryDb advisories) {
    this.image = image;
    this.inventories = inventories;
    this.matcher = matcher;
    this.advisories = advisories;
  }

  @Override
  public Optional<String> find(Match match) {
    if (match.pkg().layer() >= image.baseLayers()) {
      return Optional.empty(); // not from the base: another base does not change it
    }
    InstalledPackage vulnerable = match.pkg().installed();
    for (OfficialBase other : image.officials()) {
      if (image.base().map(b -> b.digest().equals(other.digest())).orElse(false)) {
        continue;
      }
      Optional<ImageInventory> inventory = inventories.of(other);
      if (inventory.isEmpty()) {
        continue;
      }
      Optional<VersionScheme> scheme = matcher.scheme(match.ecosystem(), inventory.get());
      if (scheme.isEmpty()) {
        continue;
      }
      for (ImagePackage candidate : inventory.get().packages()) {
        InstalledPackage pkg = candidate.installed();
        if (pkg.kind() == vulnerable.kind()
            && pkg.name().equals(vulnerable.name())
            && pkg.arch().equals(vulnerable.arch())
            && scheme.get().compare(pkg.version(), vulnerable.version()) > 0
            && stillAffected(inventory.get(), candidate, match).isEmpty()) {
          return Optional.of(other.name() + " (" + other.reference() + ")");
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Match> stillAffected(ImageInventory base, ImagePackage candidate, Match match) {
    return matcher.match(base, List.of(candidate), advisories).stream()
        .filter(m -> m.advisory().id().equals(match.advisory().id()))
        .findFirst();
  }
}
