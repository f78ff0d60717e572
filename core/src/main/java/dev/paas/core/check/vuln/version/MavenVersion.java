package dev.paas.core.check.vuln.version;

import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Maven's version order: Maven's own {@link ComparableVersion}, so that advisories for Maven
 * artifacts are read exactly as Maven resolves ranges ({@code 1-alpha < 1-beta < 1-milestone < 1-rc
 * = 1-cr < 1-SNAPSHOT < 1 = 1.0 = 1-ga = 1-final < 1-sp}, unknown qualifiers after those, numbers
 * as numbers).
 */
public final class MavenVersion implements VersionScheme {

  /** The order; it holds no state, {@link VersionSchemes#MAVEN} is the shared one. */
  public MavenVersion() {}

  @Override
  public int compare(String a, String b) {
    return Integer.signum(parse(a).compareTo(parse(b)));
  }

  private static ComparableVersion parse(String version) {
    return new ComparableVersion(version == null ? "" : version.strip());
  }

  @Override
  public String toString() {
    return "maven";
  }
}
