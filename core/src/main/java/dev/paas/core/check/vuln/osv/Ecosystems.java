package dev.paas.core.check.vuln.osv;

import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.Locale;
import java.util.Optional;

/**
 * How OSV ecosystems and an image's packages meet: both are reduced to one key, so that the
 * advisories of an image's release are found with one look-up.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>OSV ecosystem</th><th>image</th><th>key</th></tr>
 *   <tr><td>{@code Debian:12}</td><td>dpkg, {@code ID=debian}, {@code VERSION_ID=12}</td>
 *     <td>{@code debian:12}</td></tr>
 *   <tr><td>{@code Ubuntu:22.04}, {@code Ubuntu:22.04:LTS}, {@code Ubuntu:Pro:22.04:LTS}</td>
 *     <td>dpkg, {@code ID=ubuntu}, {@code VERSION_ID=22.04}</td><td>{@code ubuntu:22.04}</td></tr>
 *   <tr><td>{@code Alpine:v3.19}</td><td>apk, {@code ID=alpine}, {@code VERSION_ID=3.19.1}</td>
 *     <td>{@code alpine:3.19}</td></tr>
 *   <tr><td>any {@code Red Hat:} ecosystem containing {@code enterprise_linux:9}</td>
 *     <td>rpm, {@code ID=rhel} or {@code centos} (or {@code ID_LIKE} naming them), 9.x</td>
 *     <td>{@code redhat:9}</td></tr>
 *   <tr><td>{@code Rocky Linux:9}</td><td>rpm, {@code ID=rocky}, 9.x</td><td>{@code rocky:9}</td></tr>
 *   <tr><td>{@code AlmaLinux:9}</td><td>rpm, {@code ID=almalinux}, 9.x</td>
 *     <td>{@code almalinux:9}</td></tr>
 *   <tr><td>{@code Maven} (with or without a repository suffix)</td><td>Java library</td>
 *     <td>{@code maven}</td></tr>
 * </table>
 *
 * <p>Any other ecosystem keeps its own text, lower-cased, and so matches no image package. An OS
 * package of an image without a usable {@code VERSION_ID} has no key: it is not matched.
 */
public final class Ecosystems {
  /** The key of Java libraries. */
  public static final String MAVEN = "maven";

  private Ecosystems() {}

  /** The key of an OSV ecosystem, e.g. {@code Alpine:v3.19} → {@code alpine:3.19}. */
  public static String key(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    String base = colon < 0 ? ecosystem : ecosystem.substring(0, colon);
    String rest = colon < 0 ? "" : ecosystem.substring(colon + 1);
    switch (base) {
      case "Maven":
        return MAVEN;
      case "Debian":
        return rest.isEmpty() ? "debian" : "debian:" + rest.toLowerCase(Locale.ROOT);
      case "Alpine":
        return "alpine:" + (rest.startsWith("v") ? rest.substring(1) : rest);
      case "Ubuntu":
        for (String part : rest.split(":")) {
          if (isMajorMinor(part)) {
            return "ubuntu:" + part;
          }
        }
        return "ubuntu:" + rest.toLowerCase(Locale.ROOT);
      case "Red Hat": {
        int at = rest.indexOf("enterprise_linux:");
        String major = at < 0 ? "" : leadingDigits(rest.substring(at + "enterprise_linux:".length()));
        return major.isEmpty() ? ecosystem.toLowerCase(Locale.ROOT) : "redhat:" + major;
      }
      case "Rocky Linux": {
        String major = leadingDigits(rest);
        return major.isEmpty() ? ecosystem.toLowerCase(Locale.ROOT) : "rocky:" + major;
      }
      case "AlmaLinux": {
        String major = leadingDigits(rest);
        return major.isEmpty() ? ecosystem.toLowerCase(Locale.ROOT) : "almalinux:" + major;
      }
      default:
        return ecosystem.toLowerCase(Locale.ROOT);
    }
  }

  /** The OSV ecosystem's name without its release, e.g. {@code Debian:12} → {@code Debian}. */
  public static String base(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
  }

  /**
   * The key under which the advisories for an installed package are found, or empty where the
   * image's OS release does not say which release its packages belong to.
   */
  public static Optional<String> key(InstalledPackage.Kind kind, Optional<OsRelease> os) {
    if (kind == InstalledPackage.Kind.MAVEN) {
      return Optional.of(MAVEN);
    }
    if (os.isEmpty()) {
      return Optional.empty();
    }
    OsRelease release = os.get();
    String id = release.id().toLowerCase(Locale.ROOT);
    String version = release.versionId().strip();
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String major = leadingDigits(version);
    switch (kind) {
      case DPKG:
        if (id.equals("ubuntu") || (!id.equals("debian") && likes(release, "ubuntu"))) {
          String[] parts = version.split("\\.");
          return parts.length >= 2 ? Optional.of("ubuntu:" + parts[0] + "." + parts[1]) : Optional.empty();
        }
        if (id.equals("debian") || likes(release, "debian")) {
          return major.isEmpty() ? Optional.empty() : Optional.of("debian:" + major);
        }
        return Optional.empty();
      case APK: {
        if (!id.equals("alpine") && !likes(release, "alpine")) {
          return Optional.empty();
        }
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? Optional.of("alpine:" + parts[0] + "." + parts[1]) : Optional.empty();
      }
      case RPM:
        if (major.isEmpty()) {
          return Optional.empty();
        }
        if (id.equals("rocky")) {
          return Optional.of("rocky:" + major);
        }
        if (id.equals("almalinux")) {
          return Optional.of("almalinux:" + major);
        }
        if (id.equals("rhel") || id.equals("centos") || likes(release, "rhel") || likes(release, "centos")) {
          return Optional.of("redhat:" + major);
        }
        return Optional.empty();
      default:
        return Optional.empty();
    }
  }

  private static boolean likes(OsRelease release, String id) {
    return release.idLike().stream().anyMatch(like -> like.equalsIgnoreCase(id));
  }

  private static boolean isMajorMinor(String s) {
    int dot = s.indexOf('.');
    return dot > 0 && dot < s.length() - 1 && s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static String leadingDigits(String s) {
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end);
  }
}
