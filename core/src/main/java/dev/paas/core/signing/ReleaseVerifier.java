package dev.paas.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.check.signature.CosignVerifier;
import dev.paas.core.check.signature.SignatureVerdict;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks that an image is a signed release: a cosign signature of its digest made with the release
 * key, and a verdict attestation, signed with the same key, about that digest that says {@value
 * VerdictPredicate#PASSED}. Registry content is hostile: bad content gives a refusal with its
 * reason, never an exception.
 */
public final class ReleaseVerifier {
  /** An envelope holds an SBOM at most; a larger layer is not read. */
  static final int MAX_ENVELOPE_BYTES = 48 * 1024 * 1024;

  static final int MAX_LAYERS = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;

  public ReleaseVerifier(RegistryClient client) {
    this.client = client;
  }

  /** Whether the image is a signed release, and in either case why. */
  public record Result(boolean released, List<String> reasons) {}

  /** Checks {@code repository@digest} against {@code key}. */
  public Result verify(String repository, String digest, PublicKey key) throws RegistryException {
    List<String> reasons = new ArrayList<>();
    SignatureVerdict signature = new CosignVerifier(client).verify(repository, digest, key);
    reasons.add(signature.reason());
    Optional<String> verdict = passedVerdict(repository, digest, key, reasons);
    return new Result(signature.valid() && verdict.isPresent(), List.copyOf(reasons));
  }

  /** The verdict attestation's layer digest when one says PASSED; the reasons otherwise. */
  private Optional<String> passedVerdict(
      String repository, String digest, PublicKey key, List<String> reasons)
      throws RegistryException {
    String tag = ImageSignature.tag(digest, "att");
    String where = client.registry() + "/" + repository + ":" + tag;
    Optional<RegistryClient.Manifest> manifest = client.manifest(repository, tag);
    if (manifest.isEmpty()) {
      reasons.add(
          "no attestations at "
              + where
              + ": the image was not pushed by paas:push with "
              + "a signing key");
      return Optional.empty();
    }
    JsonNode layers;
    try {
      layers = manifest.get().json().path("layers");
    } catch (IOException e) {
      reasons.add("the attestation manifest " + where + " is not JSON");
      return Optional.empty();
    }
    int seen = 0;
    for (JsonNode layer : layers) {
      if (++seen > MAX_LAYERS) {
        reasons.add("more than " + MAX_LAYERS + " attestations at " + where + "; the rest unread");
        break;
      }
      if (!Dsse.ENVELOPE_MEDIA_TYPE.equals(layer.path("mediaType").asText())
          || !VerdictPredicate.TYPE.equals(
              layer
                  .path("annotations")
                  .path(ImageAttestations.PREDICATE_TYPE_ANNOTATION)
                  .asText())) {
        continue;
      }
      String layerDigest = layer.path("digest").asText();
      Optional<String> problem = problem(repository, digest, layer, key);
      if (problem.isEmpty()) {
        reasons.add(
            "the verdict attestation "
                + layerDigest
                + " at "
                + where
                + " is signed with the key and says "
                + VerdictPredicate.PASSED);
        return Optional.of(layerDigest);
      }
      reasons.add("verdict attestation " + layerDigest + ": " + problem.get());
    }
    if (reasons.stream().noneMatch(r -> r.startsWith("verdict attestation"))) {
      reasons.add("no " + VerdictPredicate.TYPE + " attestation at " + where);
    }
    return Optional.empty();
  }

  private Optional<String> problem(String repository, String digest, JsonNode layer, PublicKey key)
      throws RegistryException {
    String layerDigest = layer.path("digest").asText();
    if (!layerDigest.matches("sha256:[0-9a-f]{64}")) {
      return Optional.of("the layer has no sha256 digest");
    }
    byte[] bytes;
    try {
      bytes = client.blob(repository, layerDigest, MAX_ENVELOPE_BYTES);
    } catch (RegistryException e) {
      if (e.reason() == RegistryException.Reason.NOT_FOUND) {
        return Optional.of("the registry does not have the envelope blob");
      }
      throw e;
    }
    JsonNode envelope;
    byte[] payload;
    byte[] signature;
    try {
      envelope = JSON.readTree(bytes);
      payload = Base64.getDecoder().decode(envelope.path("payload").asText());
      signature =
          Base64.getDecoder().decode(envelope.path("signatures").path(0).path("sig").asText());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("the envelope is not a DSSE envelope (JSON with base64 payload and sig)");
    }
    String payloadType = envelope.path("payloadType").asText();
    if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
      return Optional.of("the envelope's payload type is '" + payloadType + "'");
    }
    if (!verifies(Dsse.pae(payloadType, payload), signature, key)) {
      return Optional.of(
          "the envelope's signature does not verify with the key: made with "
              + "another key, or changed after signing");
    }
    // Only now is the statement known to be the release pipeline's words, worth reading.
    JsonNode statement;
    try {
      statement = JSON.readTree(payload);
    } catch (IOException e) {
      return Optional.of("the signed statement is not JSON");
    }
    if (!VerdictPredicate.TYPE.equals(statement.path("predicateType").asText())) {
      return Optional.of("the signed statement's predicate type is not " + VerdictPredicate.TYPE);
    }
    boolean aboutImage = false;
    for (JsonNode subject : statement.path("subject")) {
      aboutImage |= digest.equals("sha256:" + subject.path("digest").path("sha256").asText());
    }
    if (!aboutImage) {
      return Optional.of(
          "the signed statement is about another image, not "
              + digest
              + ": it was copied from another image");
    }
    String verdict = statement.path("predicate").path("verdict").asText();
    if (!VerdictPredicate.PASSED.equals(verdict)) {
      return Optional.of("the verdict is '" + verdict + "', not " + VerdictPredicate.PASSED);
    }
    return Optional.empty();
  }

  private static boolean verifies(byte[] data, byte[] signature, PublicKey key) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(data);
      return ecdsa.verify(signature);
    } catch (SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an ECDSA P-256 public key: " + key.getAlgorithm(), e);
    }
  }
}
