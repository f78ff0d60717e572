package dev.paas.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs {@code repository@digest} in a registry as {@code cosign sign --key} does: a simple-signing
 * payload signed with ECDSA P-256, stored as the one layer of an OCI manifest tagged {@code
 * sha256-<hex>.sig}, the signature in the layer's annotation. Also makes the broken signatures a
 * verifier must refuse.
 */
public final class CosignSigner {
  public static final String SIMPLE_SIGNING_TYPE =
      "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;
  private final PrivateKey key;

  public CosignSigner(RegistryClient client, PrivateKey key) {
    this.client = client;
    this.key = key;
  }

  /** A new ECDSA P-256 key pair, the kind {@code cosign generate-key-pair} makes. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key as PEM ({@code -----BEGIN PUBLIC KEY-----}), as in cosign.pub. */
  public static String pem(PublicKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** The simple-signing payload for an image, with the fields in cosign's order. */
  public static byte[] payload(String dockerReference, String digest) {
    ObjectNode payload = JSON.createObjectNode();
    ObjectNode critical = payload.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", digest);
    critical.put("type", "cosign container image signature");
    payload.putNull("optional");
    return bytes(payload);
  }

  /** Signs {@code repository@digest}; returns the signature manifest's digest. */
  public String sign(String repository, String digest) throws RegistryException {
    byte[] payload = payload(reference(repository), digest);
    return store(repository, digest, payload, signature(payload));
  }

  /**
   * Stores, as the signature of {@code digest}, a valid signature of a payload for {@code claimed}.
   */
  public String signClaiming(String repository, String digest, String claimed)
      throws RegistryException {
    byte[] payload = payload(reference(repository), claimed);
    return store(repository, digest, payload, signature(payload));
  }

  /**
   * Signs {@code digest}, then stores a payload changed after signing in place of the signed one.
   */
  public String signTampered(String repository, String digest) throws RegistryException {
    byte[] signed = payload(reference(repository), digest);
    byte[] changed = payload(reference(repository) + "-evil", digest);
    return store(repository, digest, changed, signature(signed));
  }

  /** Stores the right payload for {@code digest} with {@code annotation} as its signature. */
  public String storeWithSignatureAnnotation(String repository, String digest, String annotation)
      throws RegistryException {
    return store(repository, digest, payload(reference(repository), digest), annotation);
  }

  private String reference(String repository) {
    return client.registry() + "/" + repository;
  }

  private String signature(byte[] payload) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(key);
      ecdsa.update(payload);
      return Base64.getEncoder().encodeToString(ecdsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String store(String repository, String digest, byte[] payload, String signature)
      throws RegistryException {
    String payloadDigest = OciFixtures.sha256(payload);
    // Shaped like the config go-containerregistry writes for cosign's one-layer image.
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", "");
    config.put("created", "0001-01-01T00:00:00Z");
    config.put("history", List.of(Map.of("created", "0001-01-01T00:00:00Z")));
    config.put("os", "");
    config.put("rootfs", ordered("type", "layers", "diff_ids", List.of(payloadDigest)));
    config.put("config", Map.of());
    byte[] configBytes = bytes(config);
    upload(repository, payload);
    upload(repository, configBytes);

    Map<String, Object> layer = descriptor(SIMPLE_SIGNING_TYPE, payload);
    layer.put("annotations", Map.of(SIGNATURE_ANNOTATION, signature));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OciFixtures.MANIFEST_TYPE);
    manifest.put("config", descriptor(OciFixtures.CONFIG_TYPE, configBytes));
    manifest.put("layers", List.of(layer));
    return client.putManifest(
        repository, digest.replace(':', '-') + ".sig", bytes(manifest), OciFixtures.MANIFEST_TYPE);
  }

  private void upload(String repository, byte[] blob) throws RegistryException {
    client.uploadBlob(
        repository, OciFixtures.sha256(blob), blob.length, () -> new ByteArrayInputStream(blob));
  }

  private static Map<String, Object> descriptor(String mediaType, byte[] blob) {
    return ordered("mediaType", mediaType, "size", blob.length, "digest", OciFixtures.sha256(blob));
  }

  private static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
