package dev.paas.core.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes a cosign signature for an image digest, laid out as {@code cosign sign --key} lays it out,
 * so that {@code cosign verify --key}, Kyverno and Sigstore's policy-controller accept it: the
 * simple-signing payload as a layer of the manifest tagged {@code sha256-<hex>.sig}, its base64
 * ECDSA signature in the layer's {@code dev.cosignproject.cosign/signature} annotation.
 */
public final class ImageSignature {
  public static final String SIMPLE_SIGNING_TYPE =
      "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;
  private final SigningKey key;

  public ImageSignature(RegistryClient client, SigningKey key) {
    this.client = client;
    this.key = key;
  }

  /** What was pushed: the tag, the signature manifest's digest and the signed payload. */
  public record Pushed(String tag, String manifestDigest, byte[] payload) {}

  /** The tag under which cosign stores what belongs to {@code digest}, e.g. {@code .sig}. */
  public static String tag(String digest, String suffix) {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 image digest: " + digest);
    }
    return digest.replace(':', '-') + "." + suffix;
  }

  /**
   * The simple-signing payload cosign signs: the fields in cosign's order, the identity the
   * repository without tag or digest.
   */
  public static byte[] payload(String dockerReference, String digest) {
    ObjectNode payload = JSON.createObjectNode();
    ObjectNode critical = payload.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", digest);
    critical.put("type", "cosign container image signature");
    payload.putNull("optional");
    return CosignArtifact.bytes(payload);
  }

  /** Signs {@code repository@digest} and pushes the signature next to it. */
  public Pushed push(String repository, String digest) throws RegistryException {
    String tag = tag(digest, "sig");
    byte[] payload = payload(client.registry() + "/" + repository, digest);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(key.sign(payload)));
    String manifest =
        new CosignArtifact(client)
            .add(
                repository,
                tag,
                List.of(new CosignArtifact.Layer(SIMPLE_SIGNING_TYPE, payload, annotations)));
    return new Pushed(tag, manifest, payload);
  }
}
