package dev.paas.core.inventory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hashes by which a Java archive is known to Maven repositories: SHA-1 and SHA-256, as hex. */
final class ArchiveHashes {
  private ArchiveHashes() {}

  static String sha1(byte[] bytes) {
    return hex("SHA-1", bytes);
  }

  static String sha256(byte[] bytes) {
    return hex("SHA-256", bytes);
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + algorithm, e);
    }
  }

  private static String hex(String algorithm, byte[] bytes) {
    return HexFormat.of().formatHex(digest(algorithm).digest(bytes));
  }
}
