package dev.paas.core.inventory;

import dev.paas.core.inventory.InstalledPackage.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fields of one rpm header as rpmdb stores it: without lead and magic, a big-endian 32-bit
 * index count and data size, then 16-byte index entries (tag, type, offset, count), then the data
 * store. Region entries ({@code HEADER_IMMUTABLE}) are not followed: the tags are read from the
 * index directly. Every offset and count is checked against the blob, so a damaged or hostile blob
 * is rejected with a message, never read out of bounds.
 *
 * @param name {@code NAME}
 * @param epoch {@code EPOCH}, if the package has one
 * @param version {@code VERSION}
 * @param release {@code RELEASE}, or empty
 * @param arch {@code ARCH}, or empty
 * @param sourceRpm {@code SOURCERPM}, e.g. {@code openssl-3.0.7-27.el9.src.rpm}, or empty
 */
public record RpmHeader(
    String name, OptionalInt epoch, String version, String release, String arch, String sourceRpm) {

  private static final int TAG_NAME = 1000;
  private static final int TAG_VERSION = 1001;
  private static final int TAG_RELEASE = 1002;
  private static final int TAG_EPOCH = 1003;
  private static final int TAG_ARCH = 1022;
  private static final int TAG_SOURCERPM = 1044;
  private static final int TYPE_INT32 = 4;
  private static final int TYPE_STRING = 6;
  private static final int TYPE_I18NSTRING = 9;
  private static final int ENTRY_SIZE = 16;
  private static final int PREAMBLE = 8;

  /**
   * Reads the fields of one header blob.
   *
   * @throws IllegalArgumentException if the blob is not a readable header; the message says what is
   *     wrong with it, e.g. {@code index count 2147483648 does not fit in the 1300-byte header}
   */
  public static RpmHeader parse(byte[] blob) {
    if (blob.length < PREAMBLE) {
      throw new IllegalArgumentException(
          "it is " + blob.length + " bytes, shorter than a header's 8-byte preamble");
    }
    long count = u32(blob, 0);
    long dataSize = u32(blob, 4);
    if (count == 0) {
      throw new IllegalArgumentException("its index is empty");
    }
    long needed = PREAMBLE + count * ENTRY_SIZE + dataSize;
    if (needed > blob.length) {
      throw new IllegalArgumentException(
          "index count "
              + count
              + " and data size "
              + dataSize
              + " need "
              + needed
              + " bytes, more than the "
              + blob.length
              + "-byte header holds");
    }
    int n = (int) count;
    int dataStart = PREAMBLE + n * ENTRY_SIZE;
    int dataLength = (int) dataSize;
    String name = null;
    String version = null;
    String release = "";
    String arch = "";
    String sourceRpm = "";
    OptionalInt epoch = OptionalInt.empty();
    for (int i = 0; i < n; i++) {
      int at = PREAMBLE + i * ENTRY_SIZE;
      long tag = u32(blob, at);
      long type = u32(blob, at + 4);
      long offset = u32(blob, at + 8);
      long entries = u32(blob, at + 12);
      if (tag == TAG_EPOCH) {
        if (type != TYPE_INT32 || entries < 1 || offset + 4 > dataLength) {
          throw new IllegalArgumentException(
              "its EPOCH entry (type "
                  + type
                  + ", offset "
                  + offset
                  + ") is not an integer inside the "
                  + dataLength
                  + "-byte data store");
        }
        if (epoch.isEmpty()) {
          epoch = OptionalInt.of((int) u32(blob, dataStart + (int) offset));
        }
        continue;
      }
      if (tag != TAG_NAME
          && tag != TAG_VERSION
          && tag != TAG_RELEASE
          && tag != TAG_ARCH
          && tag != TAG_SOURCERPM) {
        continue;
      }
      String value = string(blob, dataStart, dataLength, tag, type, offset);
      if (tag == TAG_NAME && name == null) {
        name = value;
      } else if (tag == TAG_VERSION && version == null) {
        version = value;
      } else if (tag == TAG_RELEASE && release.isEmpty()) {
        release = value;
      } else if (tag == TAG_ARCH && arch.isEmpty()) {
        arch = value;
      } else if (tag == TAG_SOURCERPM && sourceRpm.isEmpty()) {
        sourceRpm = value;
      }
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("it has no NAME");
    }
    if (version == null || version.isEmpty()) {
      throw new IllegalArgumentException("package " + name + " has no VERSION");
    }
    return new RpmHeader(name, epoch, version, release, arch, sourceRpm);
  }

  /** {@code [epoch:]version-release}, as rpm and the advisories write it. */
  public String fullVersion() {
    return withEpoch(version + (release.isEmpty() ? "" : "-" + release));
  }

  /**
   * The source package's name: {@link #sourceRpm()} without {@code .src.rpm} (or {@code
   * .nosrc.rpm}) and its last two hyphen-separated parts (version, release); the package's own name
   * where the source rpm is missing or not of that form.
   */
  public String sourceName() {
    String[] nvr = sourceNvr();
    return nvr == null ? name : nvr[0];
  }

  /**
   * The source package's {@code [epoch:]version-release}, with this package's epoch (the source
   * rpm's file name carries none); this package's own version where the source rpm is missing.
   */
  public String sourceVersion() {
    String[] nvr = sourceNvr();
    return nvr == null ? fullVersion() : withEpoch(nvr[1] + "-" + nvr[2]);
  }

  /** Whether this is one of the {@code gpg-pubkey} pseudo packages rpm keeps its keys in. */
  public boolean isGpgPubkey() {
    return name.equals("gpg-pubkey");
  }

  /**
   * This header as an installed package, or empty for a {@code gpg-pubkey} pseudo package.
   *
   * @param path the database's path in the image
   * @param evidence {@code rpmdb-sqlite} or {@code rpmdb-bdb}
   */
  public Optional<InstalledPackage> toPackage(String path, String evidence) {
    if (isGpgPubkey()) {
      return Optional.empty();
    }
    return Optional.of(
        new InstalledPackage(
            Kind.RPM, name, fullVersion(), sourceName(), sourceVersion(), arch, path, evidence));
  }

  private String withEpoch(String versionRelease) {
    return epoch.isPresent() ? epoch.getAsInt() + ":" + versionRelease : versionRelease;
  }

  private String[] sourceNvr() {
    String s = sourceRpm;
    if (s.endsWith(".src.rpm")) {
      s = s.substring(0, s.length() - ".src.rpm".length());
    } else if (s.endsWith(".nosrc.rpm")) {
      s = s.substring(0, s.length() - ".nosrc.rpm".length());
    } else {
      return null;
    }
    int releaseDash = s.lastIndexOf('-');
    int versionDash = releaseDash <= 0 ? -1 : s.lastIndexOf('-', releaseDash - 1);
    if (versionDash <= 0 || releaseDash == versionDash + 1 || releaseDash == s.length() - 1) {
      return null;
    }
    return new String[] {
      s.substring(0, versionDash),
      s.substring(versionDash + 1, releaseDash),
      s.substring(releaseDash + 1)
    };
  }

  private static String string(
      byte[] blob, int dataStart, int dataLength, long tag, long type, long offset) {
    if (type != TYPE_STRING && type != TYPE_I18NSTRING) {
      throw new IllegalArgumentException("its tag " + tag + " has type " + type + ", not a string");
    }
    if (offset >= dataLength) {
      throw new IllegalArgumentException(
          "its tag "
              + tag
              + " points at offset "
              + offset
              + ", outside the "
              + dataLength
              + "-byte data store");
    }
    int from = dataStart + (int) offset;
    int end = dataStart + dataLength;
    for (int i = from; i < end; i++) {
      if (blob[i] == 0) {
        return new String(blob, from, i - from, StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException(
        "its tag "
            + tag
            + " at offset "
            + offset
            + " is a string that runs past the end of the data store");
  }

  private static long u32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24)
        | ((b[at + 1] & 0xffL) << 16)
        | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }
}
