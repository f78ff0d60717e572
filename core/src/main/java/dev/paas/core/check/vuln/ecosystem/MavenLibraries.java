package dev.paas.core.check.vuln.ecosystem;

import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Map;
import java.util.Optional;

/**
 * Java libraries, in OSV's {@code Maven} ecosystem (with or without a repository suffix), compared
 * by {@code groupId:artifactId}, whatever the image's OS. Purl: {@code
 * pkg:maven/org.apache.commons/commons-text@1.9}; a library only its file name named ({@code
 * :artifact}) has no groupId, which a Maven purl requires, so it is {@code
 * pkg:generic/foo-bar@2.3.1}, the spec's type for a package no other type fits.
 */
final class MavenLibraries implements PackageEcosystem {
  /** The key of Java libraries. */
  static final String KEY = "maven";

  @Override
  public InstalledPackage.Kind kind() {
    return InstalledPackage.Kind.MAVEN;
  }

  @Override
  public Optional<String> key(String ecosystem) {
    return OsReleases.base(ecosystem).equals("Maven") ? Optional.of(KEY) : Optional.empty();
  }

  @Override
  public Optional<String> key(Optional<OsRelease> os) {
    return Optional.of(KEY);
  }

  @Override
  public String advisoryName(InstalledPackage p) {
    return p.name();
  }

  @Override
  public String advisoryVersion(InstalledPackage p) {
    return p.version();
  }

  @Override
  public PurlParts purl(InstalledPackage p, Optional<OsRelease> os) {
    int colon = p.name().indexOf(':');
    String group = colon < 0 ? "" : p.name().substring(0, colon);
    String artifact = p.name().substring(colon + 1);
    return group.isEmpty()
        ? new PurlParts("generic", null, artifact, p.version(), Map.of())
        : new PurlParts("maven", group, artifact, p.version(), Map.of());
  }
}
