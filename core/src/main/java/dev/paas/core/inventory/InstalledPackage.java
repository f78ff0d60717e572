package dev.paas.core.inventory;

import java.util.Objects;

/**
 * One package found installed in a layer: an OS package from a package database, or a Java library
 * identified in a jar.
 *
 * @param kind which database or format it was found in
 * @param name the package's name; for a Java library {@code groupId:artifactId}, or {@code
 *     :artifactId} when only a file name identified it
 * @param version the installed version as its ecosystem writes it (rpm: {@code
 *     [epoch:]version-release})
 * @param sourceName the source package (dpkg {@code Source}, apk {@code origin}, the rpm's source
 *     rpm name); the name itself where the database names none; empty for Java libraries
 * @param sourceVersion the source package's version; the version itself where none is given
 * @param arch the architecture, or empty
 * @param path where it was found: the database file, or the jar (nested jars as {@code
 *     /app/app.jar!/BOOT-INF/lib/x.jar})
 * @param evidence how it was identified: {@code dpkg-status}, {@code apk-installed}, {@code
 *     rpmdb-sqlite}, {@code rpmdb-bdb}, {@code pom.properties}, {@code maven-repository} (its bytes
 *     are a local repository's artifact), {@code manifest}, {@code file-name}
 * @param sha1 a Java library's archive's SHA-1 (lower-case hex), or empty: OS packages, and the
 *     libraries of an archive that holds several
 * @param sha256 the same archive's SHA-256, or empty
 */
public record InstalledPackage(
    Kind kind,
    String name,
    String version,
    String sourceName,
    String sourceVersion,
    String arch,
    String path,
    String evidence,
    String sha1,
    String sha256) {

  /** Where a package was found; decides its ecosystem and its version ordering. */
  public enum Kind {
    DPKG,
    APK,
    RPM,
    MAVEN
  }

  public InstalledPackage {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    sourceName = sourceName == null || sourceName.isEmpty() ? name : sourceName;
    sourceVersion = sourceVersion == null || sourceVersion.isEmpty() ? version : sourceVersion;
    arch = arch == null ? "" : arch;
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(evidence, "evidence");
    sha1 = sha1 == null ? "" : sha1;
    sha256 = sha256 == null ? "" : sha256;
  }

  /** A package without archive hashes: every OS package. */
  public InstalledPackage(
      Kind kind,
      String name,
      String version,
      String sourceName,
      String sourceVersion,
      String arch,
      String path,
      String evidence) {
    this(kind, name, version, sourceName, sourceVersion, arch, path, evidence, "", "");
  }

  /** Whether a Java library's group is not known from the library itself, only guessed. */
  public boolean uncertainIdentity() {
    return kind == Kind.MAVEN && (evidence.equals("file-name") || name.startsWith(":"));
  }

  /** The same package known by another name, version and evidence (a better identification). */
  public InstalledPackage identifiedAs(String newName, String newVersion, String newEvidence) {
    return new InstalledPackage(
        kind,
        newName,
        newVersion,
        sourceName.equals(name) ? newName : sourceName,
        sourceVersion.equals(version) ? newVersion : sourceVersion,
        arch,
        path,
        newEvidence,
        sha1,
        sha256);
  }
}
