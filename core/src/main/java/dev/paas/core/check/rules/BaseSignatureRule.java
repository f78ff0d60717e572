package dev.paas.core.check.rules;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.PrintableText;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.signature.SignatureVerdict;
import dev.paas.core.platform.Policy;
import java.security.PublicKey;
import java.util.List;

/**
 * {@code base-signature}: where the platform publishes a public key, the official base the image is
 * built on carries a valid cosign signature for its digest.
 */
public final class BaseSignatureRule implements Rule {
  public static final String ID = "base-signature";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "Official base signed",
          "Where the platform publishes a public key, the official base's digest must carry a "
              + "valid cosign signature, so a look-alike base cannot pass as official.",
          "Use a base digest the platform team has signed (cosign sign), or ask them to sign it",
          Policy.Level.ERROR,
          false,
          "check.html#Signatures",
          "the policy has no publicKey");

  /** Looks up and verifies the signature of an official base. */
  public interface Signatures {
    SignatureVerdict verify(OfficialBase base, PublicKey key) throws PaasException;
  }

  private final PublicKey key;
  private final Signatures signatures;
  private final BuildLog log;

  /**
   * @param key the platform's public key
   */
  public BaseSignatureRule(PublicKey key, Signatures signatures, BuildLog log) {
    this.key = key;
    this.signatures = signatures;
    this.log = log;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(InspectedImage image) throws PaasException {
    // Without an official base there is nothing to verify: base-inheritance fails instead.
    if (image.base().isEmpty()) {
      return List.of();
    }
    OfficialBase base = image.base().get();
    SignatureVerdict verdict = signatures.verify(base, key);
    if (verdict.valid()) {
      log.info("base-signature: " + PrintableText.of(verdict.reason()));
      return List.of();
    }
    return List.of(
        Finding.of(
            ID,
            base.digest(),
            "The official base "
                + base.name()
                + " ("
                + base.reference()
                + "@"
                + base.digest()
                + ") has no valid signature: "
                + verdict.reason(),
            Location.image()));
  }
}
