package dev.paas.core.check.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.registry.RegistryClient;
import dev.paas.core.testing.CosignSigner;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CosignVerifierTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final KeyPair PLATFORM = CosignSigner.newKeyPair();
  private static final OciFixtures.Image BASE =
      OciFixtures.image(OciFixtures.layer(Map.of("etc/cosign-verifier-test", "base\n")));
  private static final String DIGEST = BASE.manifestDigest();

  @Test
  void aSignatureMadeWithThePlatformKeyIsValid() throws Exception {
    push("sig/valid");
    signer(PLATFORM).sign("sig/valid", DIGEST);

    SignatureVerdict verdict = verify("sig/valid");

    assertThat(verdict.valid()).as(verdict.reason()).isTrue();
    assertThat(verdict.reason()).contains(REGISTRY.host() + "/sig/valid@" + DIGEST);
  }

  @Test
  void theSignatureManifestIsFetchedAsTheOciManifestCosignStores() throws Exception {
    push("sig/fetched");
    signer(PLATFORM).sign("sig/fetched", DIGEST);

    RegistryClient.Manifest manifest =
        client().manifest("sig/fetched", CosignVerifier.signatureTag(DIGEST)).orElseThrow();

    assertThat(CosignVerifier.signatureTag(DIGEST))
        .isEqualTo("sha256-" + DIGEST.substring(7) + ".sig");
    assertThat(manifest.mediaType()).isEqualTo(OciFixtures.MANIFEST_TYPE);
    assertThat(manifest.json().path("layers").get(0).path("mediaType").asText())
        .isEqualTo(CosignVerifier.SIMPLE_SIGNING_TYPE);
  }

  @Test
  void aSignatureMadeWithAnotherKeyIsInvalid() throws Exception {
    push("sig/other-key");
    signer(CosignSigner.newKeyPair()).sign("sig/other-key", DIGEST);

    SignatureVerdict verdict = verify("sig/other-key");

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason())
        .contains("does not verify with the platform's public key")
        .contains("cosign sign --key");
  }

  @Test
  void aPayloadChangedAfterSigningIsInvalid() throws Exception {
    push("sig/tampered");
    signer(PLATFORM).signTampered("sig/tampered", DIGEST);

    SignatureVerdict verdict = verify("sig/tampered");

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason())
        .contains("does not verify with the platform's public key")
        .contains("payload was changed after signing");
  }

  @Test
  void aValidSignatureOfAnotherDigestIsInvalid() throws Exception {
    push("sig/other-digest");
    String other = "sha256:" + "4".repeat(64);
    signer(PLATFORM).signClaiming("sig/other-digest", DIGEST, other);

    SignatureVerdict verdict = verify("sig/other-digest");

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason())
        .contains("the signed payload is for image " + other + ", not " + DIGEST)
        .contains("use a base digest the platform has signed");
  }

  @Test
  void anUnsignedDigestIsInvalidAndTheTagLookedForIsNamed() throws Exception {
    push("sig/unsigned");

    SignatureVerdict verdict = verify("sig/unsigned");

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason())
        .startsWith(
            "no signature at "
                + REGISTRY.host()
                + "/sig/unsigned:sha256-"
                + DIGEST.substring(7)
                + ".sig")
        .contains(
            "cosign sign --key <platform private key> "
                + REGISTRY.host()
                + "/sig/unsigned@"
                + DIGEST);
  }

  @Test
  void aSignatureAnnotationThatIsNotBase64IsInvalidWithoutAnException() throws Exception {
    push("sig/not-base64");
    signer(PLATFORM).storeWithSignatureAnnotation("sig/not-base64", DIGEST, "not base64!");

    SignatureVerdict verdict = verify("sig/not-base64");

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("annotation is not base64").contains("cosign sign");
  }

  @Test
  void aSignatureAnnotationThatIsNotDerIsInvalidWithoutAnException() throws Exception {
    push("sig/not-der");
    String notDer = Base64.getEncoder().encodeToString("sixty-four bytes of nothing".getBytes());
    signer(PLATFORM).storeWithSignatureAnnotation("sig/not-der", DIGEST, notDer);

    SignatureVerdict verdict = verify("sig/not-der");

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason()).contains("is not an ASN.1 DER ECDSA signature");
  }

  @Test
  void aSignatureManifestWithoutSimpleSigningLayersIsInvalid() throws Exception {
    push("sig/no-layers");
    // An ordinary image stored under the signature tag: a mistake, not a signature.
    push(
        "sig/no-layers",
        CosignVerifier.signatureTag(DIGEST),
        OciFixtures.image(OciFixtures.layer(Map.of("etc/not-a-signature", "x\n"))));

    SignatureVerdict verdict = verify("sig/no-layers");

    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.reason())
        .contains("has no " + CosignVerifier.SIMPLE_SIGNING_TYPE + " layer");
  }

  @Test
  void theSignedPayloadIsCosignsSimpleSigningJsonByteForByte() {
    // The bytes matter, not just the fields: the signature covers them exactly.
    assertThat(new String(CosignSigner.payload("r.example/base", "sha256:ab")))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"r.example/base\"},"
                + "\"image\":{\"docker-manifest-digest\":\"sha256:ab\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":null}");
  }

  @Test
  void thePemPublicKeyOfCosignIsRead() {
    PublicKey key = CosignVerifier.publicKey(CosignSigner.pem(PLATFORM.getPublic()));

    assertThat(key).isEqualTo(PLATFORM.getPublic());
  }

  @Test
  void anRsaPublicKeyIsRefusedAsSuch() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem = CosignSigner.pem(rsa.generateKeyPair().getPublic());

    assertThatThrownBy(() -> CosignVerifier.publicKey(pem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is an RSA key")
        .hasMessageContaining("expected an ECDSA P-256 public key in PEM form");
  }

  @Test
  void anEcKeyOnAnotherCurveIsRefused() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    String pem = CosignSigner.pem(ec.generateKeyPair().getPublic());

    assertThatThrownBy(() -> CosignVerifier.publicKey(pem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("on a curve other than P-256 (384 bits)");
  }

  @Test
  void garbageIsNotAPublicKey() {
    assertThatThrownBy(() -> CosignVerifier.publicKey("hello, key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a PEM public key")
        .hasMessageContaining("-----BEGIN PUBLIC KEY-----");
    assertThatThrownBy(
            () ->
                CosignVerifier.publicKey(
                    "-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PEM body is not base64");
    assertThatThrownBy(
            () ->
                CosignVerifier.publicKey(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a SubjectPublicKeyInfo");
    assertThatThrownBy(() -> CosignVerifier.publicKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The public key is empty");
  }

  @Test
  void aPrivateKeyIsRefused() {
    assertThatThrownBy(
            () ->
                CosignVerifier.publicKey(
                    "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a private key");
  }

  private static SignatureVerdict verify(String repository) throws Exception {
    return new CosignVerifier(client())
        .verify(
            repository, DIGEST, CosignVerifier.publicKey(CosignSigner.pem(PLATFORM.getPublic())));
  }

  private static CosignSigner signer(KeyPair keys) {
    return new CosignSigner(client(), keys.getPrivate());
  }

  private static RegistryClient client() {
    return new RegistryClient(REGISTRY.host(), Optional.empty(), true);
  }

  private static void push(String repository) throws Exception {
    push(repository, "1", BASE);
  }

  private static void push(String repository, String tag, OciFixtures.Image image)
      throws Exception {
    RegistryClient client = client();
    for (OciFixtures.Layer layer : image.layers()) {
      client.uploadBlob(
          repository,
          layer.digest(),
          layer.gzip().length,
          () -> new ByteArrayInputStream(layer.gzip()));
    }
    client.uploadBlob(
        repository,
        image.configDigest(),
        image.config().length,
        () -> new ByteArrayInputStream(image.config()));
    client.putManifest(repository, tag, image.manifest(), OciFixtures.MANIFEST_TYPE);
  }
}
