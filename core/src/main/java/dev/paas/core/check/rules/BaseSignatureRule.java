package dev.paas.core.check.rules;

import dev.paas.core.PaasException;
import dev.paas.core.check.Finding;
import dev.paas.core.check.InspectedImage;
import dev.paas.core.check.Location;
import dev.paas.core.check.OfficialBase;
import dev.paas.core.check.Rule;
import dev.paas.core.check.signature.SignatureVerdict;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

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

  private final Optional<PublicKey> key;
  private final Signatures signatures;

  public BaseSignatureRule(Optional<PublicKey> key, Signatures signatures) {
    this.key = key;
    this.signatures = signatures;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> check(InspectedImage image) throws PaasException {
    // Without a key there is nothing to verify; without an official base, base-inheritance fails.
    if (key.isEmpty() || image.base().isEmpty()) {
      return List.of();
    }
    OfficialBase base = image.base().get();
    SignatureVerdict verdict = signatures.verify(base, key.get());
    if (verdict.valid()) {
      return List.of();
    }
    return List.of(Finding.of(ID, base.digest(), "The official base " + base.name() + " ("
        + base.reference() + "@" + base.digest() + ") has no valid signature: " + verdict.reason(),
        Location.image()));
  }
}
