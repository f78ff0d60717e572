package dev.paas.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.check.signature.CosignVerifier;
import dev.paas.core.check.signature.SignatureVerdict;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImageSignatureTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OciFixtures.Image APP =
      OciFixtures.image(OciFixtures.layer(Map.of("app/image-signature-test", "app\n")));
  private static final String DIGEST = APP.manifestDigest();

  @TempDir Path dir;

  @Test
  void theSignatureIsLaidOutAsCosignDoesAndOpensslVerifiesThePayloadBytes() throws Exception {
    push("sign/openssl");
    Path keyFile = newKey("release");

    ImageSignature.Pushed pushed =
        new ImageSignature(client(), SigningKey.read(keyFile, Optional.empty()))
            .push("sign/openssl", DIGEST);

    // Read back with curl and checked with openssl: no code shared with the plugin.
    String tag = "sha256-" + DIGEST.substring(7) + ".sig";
    assertThat(pushed.tag()).isEqualTo(tag);
    JsonNode manifest =
        JSON.readTree(
            curl(
                "/v2/sign/openssl/manifests/" + tag,
                "Accept: application/vnd.oci.image.manifest.v1+json"));
    assertThat(manifest.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.config.v1+json");
    assertThat(manifest.path("layers")).hasSize(1);
    JsonNode layer = manifest.path("layers").get(0);
    assertThat(layer.path("mediaType").asText())
        .isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    byte[] payload = curl("/v2/sign/openssl/blobs/" + layer.path("digest").asText());
    assertThat(new String(payload, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"critical\":{\"identity\":"
                + "{\"docker-reference\":\""
                + REGISTRY.host()
                + "/sign/openssl\"},\"image\":"
                + "{\"docker-manifest-digest\":\""
                + DIGEST
                + "\"},\"type\":\"cosign container image "
                + "signature\"},\"optional\":null}");
    JsonNode config =
        JSON.readTree(
            curl("/v2/sign/openssl/blobs/" + manifest.path("config").path("digest").asText()));
    assertThat(config.path("rootfs").path("diff_ids").get(0).asText())
        .isEqualTo(layer.path("digest").asText());
    byte[] signature =
        Base64.getDecoder()
            .decode(layer.path("annotations").path("dev.cosignproject.cosign/signature").asText());
    assertThat(opensslVerify(publicKeyOf(keyFile), payload, signature)).contains("Verified OK");
    assertThat(opensslVerify(publicKeyOf(newKey("other")), payload, signature))
        .contains("Verification failure");
  }

  @Test
  void theExistingVerifierAcceptsItWithTheKeyAndRefusesItWithAnother() throws Exception {
    push("sign/verifier");
    SigningKey key = SigningKey.read(newKey("release"), Optional.empty());
    new ImageSignature(client(), key).push("sign/verifier", DIGEST);

    SignatureVerdict right =
        new CosignVerifier(client()).verify("sign/verifier", DIGEST, key.publicKey());
    SignatureVerdict wrong =
        new CosignVerifier(client())
            .verify(
                "sign/verifier",
                DIGEST,
                SigningKey.read(newKey("other"), Optional.empty()).publicKey());
    SignatureVerdict unsigned =
        new CosignVerifier(client())
            .verify(
                "sign/verifier",
                OciFixtures.image(OciFixtures.layer(Map.of("x", "y"))).manifestDigest(),
                key.publicKey());

    assertThat(right.valid()).as(right.reason()).isTrue();
    assertThat(wrong.valid()).isFalse();
    assertThat(wrong.reason()).contains("does not verify with the platform's public key");
    assertThat(unsigned.valid()).isFalse();
  }

  @Test
  void signingAgainKeepsTheSignaturesAlreadyThere() throws Exception {
    push("sign/again");
    SigningKey first = SigningKey.read(newKey("first"), Optional.empty());
    SigningKey second = SigningKey.read(newKey("second"), Optional.empty());

    new ImageSignature(client(), first).push("sign/again", DIGEST);
    new ImageSignature(client(), second).push("sign/again", DIGEST);

    JsonNode manifest =
        client().manifest("sign/again", ImageSignature.tag(DIGEST, "sig")).orElseThrow().json();
    assertThat(manifest.path("layers")).hasSize(2);
    for (SigningKey key : new SigningKey[] {first, second}) {
      SignatureVerdict verdict =
          new CosignVerifier(client()).verify("sign/again", DIGEST, key.publicKey());
      assertThat(verdict.valid()).as(verdict.reason()).isTrue();
    }
  }

  private Path newKey(String name) throws Exception {
    return SigningFixtures.newKey(dir, name);
  }

  private Path publicKeyOf(Path key) throws Exception {
    return SigningFixtures.publicKeyOf(dir, key);
  }

  private String opensslVerify(Path pub, byte[] data, byte[] signature) throws Exception {
    return SigningFixtures.opensslVerify(dir, pub, data, signature);
  }

  private static byte[] curl(String path, String... headers) throws Exception {
    return SigningFixtures.curl(REGISTRY, path, headers);
  }

  private static RegistryClient client() {
    return new RegistryClient(REGISTRY.host(), Optional.empty(), true);
  }

  private static void push(String repository) throws Exception {
    SigningFixtures.push(client(), repository, APP);
  }
}
