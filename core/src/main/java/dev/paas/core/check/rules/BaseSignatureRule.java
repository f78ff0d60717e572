package dev.paas.core.check.rules;

import dev.paas.core.BuildLog;
import dev.paas.core.PrintableText;
import dev.paas.core.PaasException;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.finding.Location;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.signature.SignatureVerdict;
import java.security.PublicKey;
import java.util.List;

/**
 * {@code base-signature}: where the platform publishes a public key, the official base the image
 * is built on carries a valid cosign signature for its digest.
 */
public final class BaseSignatureRule implements Rule {
  public static final String ID = "base-signature";

  /** Looks up and verifies the signature of an official base. */
  public interface Signatures {
    SignatureVerdict verify(OfficialBase base, PublicKey key) throws PaasException;
  }

  private final PublicKey key;
  private final Signatures signatures;
  private final BuildLog log;

  /** @param key the platform's public key */
  public BaseSignatureRule(PublicKey key, Signatures signatures, BuildLog log) {
    this.key = key;
    this.signatures = signatures;
    this.log = log;
  }

  @Override
  public String id() {
    return ID;
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
    return List.of(Finding.of(ID, base.digest(), "The official base " + base.name() + " ("
        + base.reference() + "@" + base.digest() + ") has no valid signature: " + verdict.reason(),
        Location.image()));
  }
}
