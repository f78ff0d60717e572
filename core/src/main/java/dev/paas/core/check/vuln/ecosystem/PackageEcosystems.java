package dev.paas.core.check.vuln.ecosystem;

import dev.paas.core.check.vuln.version.VersionScheme;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.InstalledPackage;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The ecosystems of installed packages matched here: the one list a new ecosystem is added to. */
public final class PackageEcosystems {
  /** Every ecosystem, one per kind of installed package. */
  public static final List<PackageEcosystem> ALL =
      List.of(new DebianPackages(), new AlpinePackages(), new RpmPackages(), new MavenLibraries());

  /** The key of Java libraries. */
  public static final String MAVEN_KEY = MavenLibraries.KEY;

  private static final Map<InstalledPackage.Kind, PackageEcosystem> BY_KIND = byKind();

  private PackageEcosystems() {}

  /** The ecosystem of {@code kind}'s packages. */
  public static PackageEcosystem of(InstalledPackage.Kind kind) {
    PackageEcosystem ecosystem = BY_KIND.get(kind);
    if (ecosystem == null) {
      throw new IllegalStateException("no ecosystem for " + kind + " packages: add one to ALL");
    }
    return ecosystem;
  }

  /**
   * The key of an OSV ecosystem, e.g. {@code Alpine:v3.19} → {@code alpine:3.19}; an ecosystem none
   * of {@link #ALL} knows keeps its own text, lower-cased, and so matches no image package.
   */
  public static String key(String osvEcosystem) {
    for (PackageEcosystem ecosystem : ALL) {
      Optional<String> key = ecosystem.key(osvEcosystem);
      if (key.isPresent()) {
        return key.get();
      }
    }
    return osvEcosystem.toLowerCase(Locale.ROOT);
  }

  /**
   * The order of {@code osvEcosystem}'s versions that {@code inventory}'s image decides, if any.
   */
  public static Optional<VersionScheme> imageOrder(String osvEcosystem, ImageInventory inventory) {
    for (PackageEcosystem ecosystem : ALL) {
      Optional<VersionScheme> order = ecosystem.imageOrder(osvEcosystem, inventory);
      if (order.isPresent()) {
        return order;
      }
    }
    return Optional.empty();
  }

  private static Map<InstalledPackage.Kind, PackageEcosystem> byKind() {
    Map<InstalledPackage.Kind, PackageEcosystem> out = new EnumMap<>(InstalledPackage.Kind.class);
    for (PackageEcosystem ecosystem : ALL) {
      if (out.put(ecosystem.kind(), ecosystem) != null) {
        throw new IllegalStateException("two ecosystems for " + ecosystem.kind() + " packages");
      }
    }
    return out;
  }
}
