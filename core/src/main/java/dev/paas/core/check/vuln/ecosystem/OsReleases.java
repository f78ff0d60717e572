package dev.paas.core.check.vuln.ecosystem;

import dev.paas.core.inventory.OsRelease;
import java.util.Locale;
import java.util.Optional;

/** What the OS ecosystems read from an image's OS release and from OSV's ecosystem names. */
final class OsReleases {
  private OsReleases() {}

  /** The OSV ecosystem's name without its release, e.g. {@code Debian:12} → {@code Debian}. */
  static String base(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
  }

  /** The OSV ecosystem's release, e.g. {@code Debian:12} → {@code 12}; empty where it has none. */
  static String rest(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 ? "" : ecosystem.substring(colon + 1);
  }

  /** The release, where its {@code VERSION_ID} is given: OS packages are matched only then. */
  static Optional<OsRelease> versioned(Optional<OsRelease> os) {
    return os.filter(release -> !release.versionId().strip().isEmpty());
  }

  static String id(OsRelease release) {
    return release.id().toLowerCase(Locale.ROOT);
  }

  static boolean likes(OsRelease release, String id) {
    return release.idLike().stream().anyMatch(like -> like.equalsIgnoreCase(id));
  }

  /** {@code 3.19} of {@code 3.19.1}, or empty where the version has no minor part. */
  static Optional<String> majorMinor(OsRelease release) {
    String[] parts = release.versionId().strip().split("\\.");
    return parts.length >= 2 ? Optional.of(parts[0] + "." + parts[1]) : Optional.empty();
  }

  static boolean isMajorMinor(String s) {
    int dot = s.indexOf('.');
    return dot > 0
        && dot < s.length() - 1
        && s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  static String leadingDigits(String s) {
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end);
  }

  /** The purl namespace: the OS id, lower-cased, else {@code fallback}. */
  static String namespace(Optional<OsRelease> os, String fallback) {
    return os.map(OsRelease::id)
        .filter(id -> !id.isBlank())
        .map(id -> id.toLowerCase(Locale.ROOT))
        .orElse(fallback);
  }

  /** {@code debian-12}, {@code rhel-9.4}; the codename where no version is given; else null. */
  static String idAndVersion(OsRelease os) {
    String version = os.versionId().isBlank() ? os.versionCodename() : os.versionId();
    if (os.id().isBlank() || version == null || version.isBlank()) {
      return null;
    }
    return os.id().toLowerCase(Locale.ROOT) + "-" + version;
  }
}
