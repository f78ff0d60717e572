package dev.paas.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.PaasException;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes signed in-toto attestations about an image digest as {@code cosign attest --key} does:
 * each a DSSE envelope layer of the manifest tagged {@code sha256-<hex>.att}, whose statement's
 * subject is the image's digest, so that {@code cosign verify-attestation} and admission
 * controllers find them.
 */
public final class ImageAttestations {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v0.1";
  public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
  public static final String CYCLONEDX_TYPE = "https://cyclonedx.org/bom";

  /** The SBOM goes into one registry blob, base64 in an envelope: bounded. */
  static final int MAX_SBOM_BYTES = 32 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One claim about the image: its predicate type URI and its predicate. */
  public record Attestation(String predicateType, JsonNode predicate) {}

  private final RegistryClient client;
  private final SigningKey key;

  public ImageAttestations(RegistryClient client, SigningKey key) {
    this.client = client;
    this.key = key;
  }

  /**
   * The CycloneDX SBOM {@code paas:check} wrote, as the predicate {@code cosign attest --type
   * cyclonedx} makes of it.
   */
  public static Attestation cycloneDx(Path sbom) throws PaasException {
    try (InputStream in = Files.newInputStream(sbom)) {
      byte[] bytes = in.readNBytes(MAX_SBOM_BYTES + 1);
      if (bytes.length > MAX_SBOM_BYTES) {
        throw new PaasException(
            "The SBOM "
                + sbom
                + " is larger than "
                + MAX_SBOM_BYTES
                + " bytes, too large to attest");
      }
      JsonNode bom = JSON.readTree(bytes);
      if (bom == null || !"CycloneDX".equals(bom.path("bomFormat").asText())) {
        throw new PaasException(
            "The SBOM " + sbom + " is not CycloneDX JSON; run paas:check again");
      }
      return new Attestation(CYCLONEDX_TYPE, bom);
    } catch (IOException e) {
      throw new PaasException(
          "Cannot read the SBOM "
              + sbom
              + " that paas:check writes: "
              + e.getMessage()
              + "; run paas:check again",
          e);
    }
  }

  /** The in-toto statement of {@code attestation} about {@code subject@digest}. */
  public static byte[] statement(String subject, String digest, Attestation attestation) {
    ObjectNode statement = JSON.createObjectNode();
    statement.put("_type", STATEMENT_TYPE);
    statement.put("predicateType", attestation.predicateType());
    ObjectNode entry = statement.putArray("subject").addObject().put("name", subject);
    entry.putObject("digest").put("sha256", digest.substring("sha256:".length()));
    statement.set("predicate", attestation.predicate());
    return CosignArtifact.bytes(statement);
  }

  /** Signs and pushes {@code attestations} about {@code repository@digest}; returns the tag. */
  public String push(String repository, String digest, List<Attestation> attestations)
      throws RegistryException {
    String tag = ImageSignature.tag(digest, "att");
    String subject = client.registry() + "/" + repository;
    List<CosignArtifact.Layer> layers = new ArrayList<>();
    for (Attestation attestation : attestations) {
      byte[] envelope =
          Dsse.envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, statement(subject, digest, attestation), key);
      Map<String, String> annotations = new LinkedHashMap<>();
      // cosign writes an empty signature annotation: the signature is inside the envelope.
      annotations.put(ImageSignature.SIGNATURE_ANNOTATION, "");
      annotations.put(PREDICATE_TYPE_ANNOTATION, attestation.predicateType());
      layers.add(new CosignArtifact.Layer(Dsse.ENVELOPE_MEDIA_TYPE, envelope, annotations));
    }
    new CosignArtifact(client).add(repository, tag, layers);
    return tag;
  }
}
