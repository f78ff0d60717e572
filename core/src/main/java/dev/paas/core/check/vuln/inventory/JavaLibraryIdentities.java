package dev.paas.core.check.vuln.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives the Java libraries of an inventory the coordinates a local Maven repository knows their
 * bytes by. It runs on the inventory, after the cached layer scan, so that what the repository
 * holds now decides; a library its own {@code pom.properties} names keeps that identity.
 */
public final class JavaLibraryIdentities {
  /** The evidence of a library the repository identified. */
  public static final String EVIDENCE = "maven-repository";

  private final Optional<MavenRepository> repository;

  private JavaLibraryIdentities(Optional<MavenRepository> repository) {
    this.repository = repository;
  }

  /** No repository: the layer scan's identities stand. */
  public static JavaLibraryIdentities none() {
    return new JavaLibraryIdentities(Optional.empty());
  }

  /** Identities from the local repository at {@code root}, e.g. the Maven session's. */
  public static JavaLibraryIdentities from(Path root) {
    return new JavaLibraryIdentities(Optional.of(new MavenRepository(root)));
  }

  /** {@code inventory} with every library the repository holds known by its coordinates. */
  public ImageInventory identify(ImageInventory inventory) {
    if (repository.isEmpty()) {
      return inventory;
    }
    List<ImagePackage> packages = new ArrayList<>(inventory.packages().size());
    for (ImagePackage p : inventory.packages()) {
      packages.add(identify(p));
    }
    return new ImageInventory(inventory.os(), packages, inventory.problems());
  }

  private ImagePackage identify(ImagePackage p) {
    InstalledPackage library = p.installed();
    if (library.kind() != InstalledPackage.Kind.MAVEN || library.evidence().equals("pom.properties")
        || library.sha1().isEmpty()) {
      return p;
    }
    String path = library.path();
    String fileName = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
    return repository.get().find(fileName, library.sha1(), library.sha256())
        .map(a -> new ImagePackage(library.identifiedAs(a.groupId() + ":" + a.artifactId(),
            a.version(), EVIDENCE), p.layer(), p.diffId()))
        .orElse(p);
  }
}
