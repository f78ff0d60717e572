package dev.paas.core.check.signature;

/**
 * Whether an image digest carries a valid signature, and in either case why, in words a user can
 * act on.
 */
public record SignatureVerdict(boolean valid, String reason) {
  static SignatureVerdict passed(String reason) {
    return new SignatureVerdict(true, reason);
  }

  static SignatureVerdict failed(String reason) {
    return new SignatureVerdict(false, reason);
  }
}
