package dev.paas.core.check.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.keys.PemPublicKey;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks that an image digest carries a signature made the way {@code cosign sign --key} makes
 * them: a manifest under the tag {@code sha256-<hex>.sig} in the image's repository whose
 * simple-signing layers name the digest and carry an ECDSA signature of themselves.
 */
public final class CosignVerifier {
  static final String SIMPLE_SIGNING_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  static final String PAYLOAD_TYPE = "cosign container image signature";

  /** Payloads are a few hundred bytes; a larger one is not a signature worth reading. */
  static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;

  public CosignVerifier(RegistryClient client) {
    this.client = client;
  }

  /**
   * The platform's public key, parsed from PEM ({@code -----BEGIN PUBLIC KEY-----}, an EC P-256
   * SubjectPublicKeyInfo).
   *
   * @throws IllegalArgumentException saying what is wrong with the text and what is expected
   */
  public static PublicKey publicKey(String pem) {
    return PemPublicKey.parse(pem);
  }

  /** The tag under which cosign stores the signatures of {@code digest}. */
  public static String signatureTag(String digest) {
    return digest.replace(':', '-') + ".sig";
  }

  /**
   * Whether {@code repository@digest} is signed with {@code key}. Bad content in the registry gives
   * an invalid verdict, never an exception.
   *
   * @throws RegistryException only when the registry cannot be asked
   * @throws IllegalArgumentException when {@code digest} is not {@code sha256:<hex>}
   */
  public SignatureVerdict verify(String repository, String digest, PublicKey key)
      throws RegistryException {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 image digest: " + digest);
    }
    String image = client.registry() + "/" + repository + "@" + digest;
    String tag = signatureTag(digest);
    String where = client.registry() + "/" + repository + ":" + tag;
    String remedy =
        " Sign the base with 'cosign sign --key <platform private key> "
            + image
            + "', or use a base digest the platform has signed.";
    Optional<RegistryClient.Manifest> manifest = client.manifest(repository, tag);
    if (manifest.isEmpty()) {
      return SignatureVerdict.failed("no signature at " + where + " for " + image + "." + remedy);
    }
    JsonNode layers;
    try {
      layers = manifest.get().json().path("layers");
    } catch (IOException e) {
      return SignatureVerdict.failed("the signature manifest " + where + " is not JSON." + remedy);
    }
    List<String> problems = new ArrayList<>();
    for (JsonNode layer : layers) {
      if (!SIMPLE_SIGNING_TYPE.equals(layer.path("mediaType").asText())) {
        continue;
      }
      Optional<String> problem = problem(repository, digest, layer, key);
      if (problem.isEmpty()) {
        return SignatureVerdict.passed(
            image
                + " is signed with the platform's key ("
                + where
                + ", payload "
                + layer.path("digest").asText()
                + ")");
      }
      problems.add("payload " + layer.path("digest").asText() + ": " + problem.get());
    }
    if (problems.isEmpty()) {
      return SignatureVerdict.failed(
          "the signature manifest "
              + where
              + " has no "
              + SIMPLE_SIGNING_TYPE
              + " layer, so it holds no cosign signature."
              + remedy);
    }
    return SignatureVerdict.failed(
        "no valid signature at "
            + where
            + " for "
            + image
            + " ("
            + String.join("; ", problems)
            + ")."
            + remedy);
  }

  /** What is wrong with one simple-signing layer, or empty when it is a valid signature. */
  private Optional<String> problem(String repository, String digest, JsonNode layer, PublicKey key)
      throws RegistryException {
    String payloadDigest = layer.path("digest").asText();
    if (!payloadDigest.matches("sha256:[0-9a-f]{64}")) {
      return Optional.of("the layer has no sha256 digest");
    }
    if (layer.path("size").asLong(-1) > MAX_PAYLOAD_BYTES) {
      return Optional.of("the payload is larger than " + MAX_PAYLOAD_BYTES + " bytes");
    }
    JsonNode annotation = layer.path("annotations").path(SIGNATURE_ANNOTATION);
    if (!annotation.isTextual()) {
      return Optional.of("the layer has no " + SIGNATURE_ANNOTATION + " annotation");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(annotation.asText());
    } catch (IllegalArgumentException e) {
      return Optional.of("the " + SIGNATURE_ANNOTATION + " annotation is not base64");
    }
    byte[] payload;
    try {
      payload = client.blob(repository, payloadDigest, MAX_PAYLOAD_BYTES);
    } catch (RegistryException e) {
      if (e.reason() == RegistryException.Reason.NOT_FOUND) {
        return Optional.of("the registry does not have the payload blob");
      }
      throw e;
    }
    switch (signatureCheck(payload, signature, key)) {
      case NOT_DER:
        return Optional.of(
            "the " + SIGNATURE_ANNOTATION + " annotation is not an ASN.1 DER ECDSA signature");
      case MISMATCH:
        return Optional.of(
            "the signature does not verify with the platform's public key: it was "
                + "made with another key, or the payload was changed after signing");
      default:
        break;
    }
    // Only now is the payload known to be the signer's words, worth reading.
    JsonNode critical;
    try {
      critical = JSON.readTree(payload).path("critical");
    } catch (IOException e) {
      return Optional.of("the signed payload is not JSON");
    }
    String type = critical.path("type").asText();
    if (!PAYLOAD_TYPE.equals(type)) {
      return Optional.of(
          "the signed payload is of type '" + type + "', not '" + PAYLOAD_TYPE + "'");
    }
    String signed = critical.path("image").path("docker-manifest-digest").asText();
    if (!digest.equals(signed)) {
      return Optional.of(
          "the signed payload is for image "
              + (signed.isEmpty() ? "(none)" : signed)
              + ", not "
              + digest
              + ": the signature was copied from another image");
    }
    return Optional.empty();
  }

  private enum Check {
    VALID,
    MISMATCH,
    NOT_DER
  }

  private static Check signatureCheck(byte[] payload, byte[] signature, PublicKey key) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(payload);
      return ecdsa.verify(signature) ? Check.VALID : Check.MISMATCH;
    } catch (SignatureException e) {
      return Check.NOT_DER;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(
          "not an ECDSA public key: "
              + key.getAlgorithm()
              + "; read it with CosignVerifier.publicKey",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JRE has SHA256withECDSA", e);
    }
  }
}
