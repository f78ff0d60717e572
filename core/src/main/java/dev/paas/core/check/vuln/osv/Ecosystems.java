package dev.paas.core.check.vuln.osv;

import dev.paas.core.check.vuln.ecosystem.PackageEcosystems;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
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
 * package of an image without a usable {@code VERSION_ID} has no key: it is not matched. Each
 * ecosystem's keys come from its entry in {@link PackageEcosystems}.
 */
public final class Ecosystems {
  /** The key of Java libraries. */
  public static final String MAVEN = PackageEcosystems.MAVEN_KEY;

  private Ecosystems() {}

  /** The key of an OSV ecosystem, e.g. {@code Alpine:v3.19} → {@code alpine:3.19}. */
  public static String key(String ecosystem) {
    return PackageEcosystems.key(ecosystem);
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
    return PackageEcosystems.of(kind).key(os);
  }
}
