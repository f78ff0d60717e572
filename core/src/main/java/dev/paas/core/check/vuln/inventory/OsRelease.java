package dev.paas.core.check.vuln.inventory;

import java.util.List;

/**
 * The operating system an image says it is, from {@code /etc/os-release} (or
 * {@code /usr/lib/os-release}).
 *
 * @param id e.g. {@code debian}, {@code alpine}, {@code rhel}, {@code rocky}
 * @param versionId e.g. {@code 12}, {@code 3.19.1}, {@code 9.4}; empty where not given (Debian
 *     testing)
 * @param versionCodename e.g. {@code bookworm}, or empty
 * @param prettyName e.g. {@code Debian GNU/Linux 12 (bookworm)}, or empty
 * @param idLike the {@code ID_LIKE} words, e.g. {@code [rhel, centos, fedora]}
 */
public record OsRelease(String id, String versionId, String versionCodename, String prettyName,
    List<String> idLike) {

  public OsRelease {
    idLike = List.copyOf(idLike);
  }
}
