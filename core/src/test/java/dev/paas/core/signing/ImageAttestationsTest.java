package dev.paas.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.platform.Policy;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImageAttestationsTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OciFixtures.Image APP =
      OciFixtures.image(OciFixtures.layer(Map.of("app/attestations-test", "app\n")));
  private static final String DIGEST = APP.manifestDigest();
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
  private static final String PROFILE_DIGEST = "sha256:" + "5e".repeat(32);

  @TempDir Path dir;

  @Test
  void theSbomAndVerdictAreDsseEnvelopesThatOpensslVerifiesOverThePae() throws Exception {
    push("att/openssl");
    Path keyFile = newKey("release");
    SigningKey key = SigningKey.read(keyFile, Optional.empty());
    Path sbom =
        Files.writeString(
            dir.resolve("prod.cdx.json"),
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[]}");

    String tag =
        new ImageAttestations(client(), key)
            .push("att/openssl", DIGEST, List.of(ImageAttestations.cycloneDx(sbom), verdict()));

    assertThat(tag).isEqualTo("sha256-" + DIGEST.substring(7) + ".att");
    JsonNode manifest =
        JSON.readTree(
            curl(
                "/v2/att/openssl/manifests/" + tag,
                "Accept: application/vnd.oci.image.manifest.v1+json"));
    Map<String, JsonNode> statements = new HashMap<>();
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(layer.path("mediaType").asText())
          .isEqualTo("application/vnd.dsse.envelope.v1+json");
      JsonNode envelope =
          JSON.readTree(curl("/v2/att/openssl/blobs/" + layer.path("digest").asText()));
      assertThat(envelope.path("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
      byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
      byte[] signature =
          Base64.getDecoder().decode(envelope.path("signatures").get(0).path("sig").asText());
      // The pre-authentication encoding, written here from the DSSE specification.
      byte[] pae = pae("application/vnd.in-toto+json", payload);
      assertThat(opensslVerify(publicKeyOf(keyFile), pae, signature)).contains("Verified OK");
      assertThat(opensslVerify(publicKeyOf(newKey("other")), pae, signature))
          .contains("Verification failure");
      assertThat(opensslVerify(publicKeyOf(keyFile), payload, signature))
          .as("signed over the PAE, not the bare payload")
          .contains("Verification failure");
      JsonNode statement = JSON.readTree(payload);
      assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v0.1");
      assertThat(statement.path("subject").get(0).path("name").asText())
          .isEqualTo(REGISTRY.host() + "/att/openssl");
      assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText())
          .isEqualTo(DIGEST.substring(7));
      assertThat(layer.path("annotations").path("predicateType").asText())
          .isEqualTo(statement.path("predicateType").asText());
      statements.put(statement.path("predicateType").asText(), statement.path("predicate"));
    }

    assertThat(statements)
        .containsOnlyKeys("https://cyclonedx.org/bom", "https://paas.dev/attestations/verdict/v1");
    assertThat(statements.get("https://cyclonedx.org/bom").path("bomFormat").asText())
        .isEqualTo("CycloneDX");
    JsonNode verdict = statements.get("https://paas.dev/attestations/verdict/v1");
    assertThat(verdict.path("verdict").asText()).isEqualTo("PASSED");
    assertThat(verdict.path("image").path("digest").asText()).isEqualTo(DIGEST);
    assertThat(verdict.path("profile").path("name").asText()).isEqualTo("acme");
    assertThat(verdict.path("profile").path("digest").asText()).isEqualTo(PROFILE_DIGEST);
    JsonNode secrets = rule(verdict, "secrets");
    assertThat(secrets.path("level").asText()).isEqualTo("error");
    assertThat(secrets.path("findings").asInt()).isEqualTo(1);
    assertThat(secrets.path("errors").asInt()).isZero();
    assertThat(secrets.path("waived").asInt()).isEqualTo(1);
    assertThat(rule(verdict, "vulnerabilities").path("level").asText()).isEqualTo("off");
    assertThat(verdict.path("waivers")).hasSize(1);
    assertThat(verdict.path("waivers").get(0).path("expires").asText()).isEqualTo("2027-01-31");
  }

  @Test
  void aFailedCheckGivesAFailedVerdict() throws Exception {
    CheckReport failed =
        new CheckReport(
            "prod",
            "registry/app:1",
            DIGEST,
            List.of(
                new ReportedFinding(
                    "non-root", "user", "error", "runs as root", Location.image(), "f1", false)),
            List.of(),
            List.of());

    JsonNode predicate = VerdictPredicate.of(failed, context()).predicate();

    assertThat(predicate.path("verdict").asText()).isEqualTo("FAILED");
    assertThat(rule(predicate, "non-root").path("errors").asInt()).isEqualTo(1);
  }

  @Test
  void anSbomThatIsNotCycloneDxIsRefused() throws Exception {
    Path notSbom = Files.writeString(dir.resolve("x.cdx.json"), "{\"spdxVersion\":\"SPDX-2.3\"}");

    assertThatThrownBy(() -> ImageAttestations.cycloneDx(notSbom))
        .hasMessageContaining("is not CycloneDX JSON");
  }

  private static JsonNode rule(JsonNode verdict, String id) {
    for (JsonNode rule : verdict.path("rules")) {
      if (rule.path("id").asText().equals(id)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + id + " in " + verdict);
  }

  private static ImageAttestations.Attestation verdict() throws Exception {
    CheckReport report =
        new CheckReport(
            "prod",
            REGISTRY.host() + "/att/openssl:1",
            DIGEST,
            List.of(
                new ReportedFinding(
                    "secrets", "aws-key", "error", "an AWS key", Location.image(), "fp1", true)),
            List.of(),
            List.of());
    return VerdictPredicate.of(report, context());
  }

  private static VerdictPredicate.Context context() throws Exception {
    Policy policy =
        new Policy(
            Map.of("vulnerabilities", Policy.Level.OFF),
            Policy.Severity.HIGH,
            List.of(),
            List.of(),
            Optional.empty(),
            List.of());
    List<Waiver> waivers =
        List.of(
            Waiver.of(1, "secrets", "aws-key", "a documented test key", "2027-01-31"),
            Waiver.of(2, "non-root", "user", "expired", "2026-01-01"));
    return new VerdictPredicate.Context(
        "acme", "acme-profile.yaml", PROFILE_DIGEST, policy, waivers, TODAY, "0.1.0-test");
  }

  private static byte[] pae(String type, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("DSSEv1 " + type.length() + " " + type + " " + body.length + " ")
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
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
