package dev.paas.core.check.vuln.version;

import java.util.Optional;

/** The version orders known here, and which one an OSV ecosystem uses. */
public final class VersionSchemes {

  /** Debian and Ubuntu packages. */
  public static final VersionScheme DPKG = new DpkgVersion();

  /** Red Hat family and SUSE packages. */
  public static final VersionScheme RPM = new RpmVersion();

  /** Alpine packages, as apk-tools 2.x orders them (Alpine up to 3.22). */
  public static final VersionScheme APK_2 = new Apk2Version();

  /** Alpine packages, as apk-tools 3.x orders them (Alpine 3.23 and later). */
  public static final VersionScheme APK_3 = new ApkVersion();

  /** Maven artifacts. */
  public static final VersionScheme MAVEN = new MavenVersion();

  private VersionSchemes() {}

  /**
   * The order of an OSV ecosystem's versions, by the ecosystem's name as OSV writes it ({@code
   * Debian:12}, {@code Ubuntu:22.04:LTS}, {@code Alpine:v3.20}, {@code Red Hat:...}, {@code Rocky
   * Linux:9}, {@code AlmaLinux:9}, {@code openSUSE:...}, {@code SUSE:...}, {@code Maven}); empty
   * for an ecosystem whose order is not known here, or for null. An Alpine release is ordered as
   * the apk-tools it ships orders versions: 2.x up to {@code Alpine:v3.22} (and where the release
   * cannot be read), 3.x from {@code Alpine:v3.23} on.
   */
  public static Optional<VersionScheme> forEcosystem(String osvEcosystem) {
    if (osvEcosystem == null) {
      return Optional.empty();
    }
    String name = osvEcosystem.strip();
    String family = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    switch (family) {
      case "Debian", "Ubuntu":
        return Optional.of(DPKG);
      case "Alpine":
        return Optional.of(alpineDefault(name.substring(family.length())));
      case "Maven":
        return Optional.of(MAVEN);
      default:
        break;
    }
    for (String prefix : new String[] {"Red Hat", "Rocky Linux", "AlmaLinux", "openSUSE", "SUSE"}) {
      if (name.startsWith(prefix)) {
        return Optional.of(RPM);
      }
    }
    return Optional.empty();
  }

  /**
   * The order of the apk-tools whose package version is {@code apkToolsVersion} (as the image's apk
   * database lists it, e.g. {@code 2.14.4-r0} or {@code 3.0.3-r1}): 3.x rules from major version 3
   * on, 2.x rules below it; empty where the version does not start with a number.
   */
  public static Optional<VersionScheme> forApkTools(String apkToolsVersion) {
    int major = leadingNumber(apkToolsVersion == null ? "" : apkToolsVersion.strip());
    if (major < 0) {
      return Optional.empty();
    }
    return Optional.of(major >= 3 ? APK_3 : APK_2);
  }

  /** Alpine 3.23 is the first release whose apk-tools is 3.x. */
  private static VersionScheme alpineDefault(String release) {
    String r = release.startsWith(":") ? release.substring(1) : release;
    r = r.startsWith("v") ? r.substring(1) : r;
    int dot = r.indexOf('.');
    int major = leadingNumber(r);
    int minor = dot < 0 ? -1 : leadingNumber(r.substring(dot + 1));
    if (major < 0 || minor < 0) {
      return APK_2;
    }
    return major > 3 || (major == 3 && minor >= 23) ? APK_3 : APK_2;
  }

  /** The number {@code s} starts with, or -1; at most 6 digits are read. */
  private static int leadingNumber(String s) {
    int end = 0;
    while (end < s.length() && end < 6 && DpkgVersion.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? -1 : Integer.parseInt(s.substring(0, end));
  }
}
