package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The families of Linux distributions whose package managers a platform option can name. */
public enum OsFamily {
  /** Debian, Ubuntu and their derivatives: {@code apt-get}. */
  DEBIAN("debian"),
  /**
   * Red Hat Enterprise Linux, CentOS, Fedora, Rocky, Alma, Oracle, Amazon: {@code yum}/{@code dnf}.
   */
  RHEL("rhel"),
  /** Alpine: {@code apk}. */
  ALPINE("alpine"),
  /** Anything else, or no {@code /etc/os-release}. */
  UNKNOWN("unknown");

  private static final Map<String, OsFamily> BY_ID = new HashMap<>();

  static {
    for (String id : List.of("debian", "ubuntu", "raspbian", "linuxmint", "kali", "devuan")) {
      BY_ID.put(id, DEBIAN);
    }
    for (String id :
        List.of(
            "rhel",
            "centos",
            "fedora",
            "rocky",
            "almalinux",
            "ol",
            "amzn",
            "redhat",
            "scientific",
            "mariner",
            "azurelinux")) {
      BY_ID.put(id, RHEL);
    }
    BY_ID.put("alpine", ALPINE);
  }

  private final String key;

  OsFamily(String key) {
    this.key = key;
  }

  /** The name a platform profile uses for the family. */
  public String key() {
    return key;
  }

  /** The family named {@code key} ({@code debian}, {@code rhel}, {@code alpine}). */
  public static OsFamily fromKey(String key) {
    for (OsFamily family : values()) {
      if (family.key.equals(key.toLowerCase(Locale.ROOT))) {
        return family;
      }
    }
    throw new IllegalArgumentException(
        "unknown OS family '" + key + "': expected debian, rhel or alpine");
  }

  /** The family of an {@code os-release} file's content, from {@code ID}, then {@code ID_LIKE}. */
  public static OsFamily of(String osRelease) {
    Map<String, String> fields = new HashMap<>();
    for (String line : osRelease.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(
            line.substring(0, eq).strip(),
            line.substring(eq + 1).strip().replaceAll("^[\"']|[\"']$", ""));
      }
    }
    OsFamily byId = BY_ID.get(fields.getOrDefault("ID", "").toLowerCase(Locale.ROOT));
    if (byId != null) {
      return byId;
    }
    return Arrays.stream(fields.getOrDefault("ID_LIKE", "").toLowerCase(Locale.ROOT).split("\\s+"))
        .map(BY_ID::get)
        .filter(f -> f != null)
        .findFirst()
        .orElse(UNKNOWN);
  }

  /** The family of an unpacked root file system, read from its own {@code /etc/os-release}. */
  static OsFamily detect(Path root) throws PaasException {
    for (String name : List.of("etc/os-release", "usr/lib/os-release")) {
      Path file = RootPath.resolve(root, name);
      if (Files.isRegularFile(file)) {
        try {
          byte[] bytes = Files.readAllBytes(file);
          return of(
              new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new PaasException(
              "Cannot read /" + name + " of the base image: " + e.getMessage(), e);
        }
      }
    }
    return UNKNOWN;
  }
}
