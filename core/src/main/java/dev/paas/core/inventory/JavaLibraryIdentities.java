package dev.paas.core.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives the Java libraries of an inventory their real coordinates, after the cached layer scan so
 * that what the repository holds now decides: a jar whose SHA-256 {@code paas:build}'s {@link
 * BuildRecord} lists is what the record says; else a library its own {@code pom.properties} names
 * keeps that identity; else a jar whose bytes are an artifact of the local Maven repository is that
 * artifact. The record's own entries leave the inventory.
 */
public final class JavaLibraryIdentities {
  /** The evidence of a library the repository identified. */
  public static final String EVIDENCE = "maven-repository";

  private final Optional<MavenRepository> repository;

  private JavaLibraryIdentities(Optional<MavenRepository> repository) {
    this.repository = repository;
  }

  /** No repository: the build's record and the layer scan's identities stand. */
  public static JavaLibraryIdentities none() {
    return new JavaLibraryIdentities(Optional.empty());
  }

  /** Identities from the local repository at {@code root}, e.g. the Maven session's. */
  public static JavaLibraryIdentities from(Path root) {
    return new JavaLibraryIdentities(Optional.of(new MavenRepository(root)));
  }

  /**
   * {@code inventory} with every library known by the coordinates the record or repository gives.
   */
  public ImageInventory identify(ImageInventory inventory) {
    List<InstalledPackage> records = new ArrayList<>();
    for (ImagePackage p : inventory.packages()) {
      if (p.installed().evidence().equals(BuildRecord.EVIDENCE)) {
        records.add(p.installed());
      }
    }
    if (records.isEmpty() && repository.isEmpty()) {
      return inventory;
    }
    Map<String, InstalledPackage> recorded = BuildRecord.bySha256(records);
    List<ImagePackage> packages = new ArrayList<>(inventory.packages().size());
    for (ImagePackage p : inventory.packages()) {
      if (!p.installed().evidence().equals(BuildRecord.EVIDENCE)) {
        packages.add(identify(p, recorded));
      }
    }
    return new ImageInventory(inventory.os(), packages, inventory.problems());
  }

  private ImagePackage identify(ImagePackage p, Map<String, InstalledPackage> recorded) {
    InstalledPackage library = p.installed();
    if (library.kind() != InstalledPackage.Kind.MAVEN || library.sha256().isEmpty()) {
      return p;
    }
    InstalledPackage record = recorded.get(library.sha256());
    if (record != null) {
      return new ImagePackage(
          library.identifiedAs(record.name(), record.version(), BuildRecord.EVIDENCE),
          p.layer(),
          p.diffId());
    }
    if (repository.isEmpty() || library.evidence().equals("pom.properties")) {
      return p;
    }
    String path = library.path();
    String fileName = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
    return repository
        .get()
        .find(fileName, library.sha1(), library.sha256())
        .map(
            a ->
                new ImagePackage(
                    library.identifiedAs(a.groupId() + ":" + a.artifactId(), a.version(), EVIDENCE),
                    p.layer(),
                    p.diffId()))
        .orElse(p);
  }
}
