package dev.paas.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.check.finding.Location;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.platform.Policy;
import dev.paas.core.registry.RegistryClient;
import dev.paas.core.testing.CosignSigner;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TestRegistry;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReleaseVerifierTest {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry();

  private static final OciFixtures.Image APP =
      OciFixtures.image(OciFixtures.layer(Map.of("app/release-verifier-test", "app\n")));
  private static final String DIGEST = APP.manifestDigest();
  private static final SigningKey RELEASE = key();
  private static final SigningKey OTHER = key();

  @Test
  void aSignedImageWithAPassedVerdictIsARelease() throws Exception {
    push("verify/released");
    sign("verify/released", RELEASE, passed(DIGEST), DIGEST);

    ReleaseVerifier.Result result = verify("verify/released", RELEASE);

    assertThat(result.released()).as(String.join("\n", result.reasons())).isTrue();
    assertThat(result.reasons()).anyMatch(r -> r.contains("says PASSED"));
  }

  @Test
  void anotherKeyIsRefused() throws Exception {
    push("verify/other-key");
    sign("verify/other-key", RELEASE, passed(DIGEST), DIGEST);

    ReleaseVerifier.Result result = verify("verify/other-key", OTHER);

    assertThat(result.released()).isFalse();
    assertThat(result.reasons()).anyMatch(r -> r.contains("does not verify with the key"));
  }

  @Test
  void anUnsignedImageIsRefused() throws Exception {
    push("verify/unsigned");

    ReleaseVerifier.Result result = verify("verify/unsigned", RELEASE);

    assertThat(result.released()).isFalse();
    assertThat(result.reasons())
        .anyMatch(r -> r.startsWith("no signature at"))
        .anyMatch(r -> r.startsWith("no attestations at"));
  }

  @Test
  void aSignedImageWhoseVerdictFailedIsRefused() throws Exception {
    push("verify/failed");
    CheckReport failed =
        new CheckReport(
            "prod",
            "app",
            DIGEST,
            List.of(
                new ReportedFinding(
                    "non-root", "user", "error", "root", Location.image(), "f", false)),
            List.of(),
            List.of());
    sign("verify/failed", RELEASE, VerdictPredicate.of(failed, context()), DIGEST);

    ReleaseVerifier.Result result = verify("verify/failed", RELEASE);

    assertThat(result.released()).isFalse();
    assertThat(result.reasons()).anyMatch(r -> r.contains("the verdict is 'FAILED'"));
  }

  @Test
  void aVerdictAboutAnotherImageIsRefused() throws Exception {
    push("verify/copied");
    String other = OciFixtures.image(OciFixtures.layer(Map.of("x", "y"))).manifestDigest();
    new ImageSignature(client(), RELEASE).push("verify/copied", DIGEST);
    // A genuine attestation of another image, stored under this image's .att tag.
    byte[] statement =
        ImageAttestations.statement(REGISTRY.host() + "/verify/copied", other, passed(other));
    byte[] envelope = Dsse.envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, statement, RELEASE);
    new CosignArtifact(client())
        .add(
            "verify/copied",
            ImageSignature.tag(DIGEST, "att"),
            List.of(
                new CosignArtifact.Layer(
                    Dsse.ENVELOPE_MEDIA_TYPE,
                    envelope,
                    Map.of(ImageAttestations.PREDICATE_TYPE_ANNOTATION, VerdictPredicate.TYPE))));

    ReleaseVerifier.Result result = verify("verify/copied", RELEASE);

    assertThat(result.released()).isFalse();
    assertThat(result.reasons()).anyMatch(r -> r.contains("copied from another image"));
  }

  private static void sign(
      String repository, SigningKey key, ImageAttestations.Attestation verdict, String digest)
      throws Exception {
    new ImageSignature(client(), key).push(repository, digest);
    new ImageAttestations(client(), key).push(repository, digest, List.of(verdict));
  }

  private static ReleaseVerifier.Result verify(String repository, SigningKey key) throws Exception {
    return new ReleaseVerifier(client()).verify(repository, DIGEST, key.publicKey());
  }

  private static ImageAttestations.Attestation passed(String digest) {
    return VerdictPredicate.of(
        new CheckReport("prod", "app", digest, List.of(), List.of(), List.of()), context());
  }

  private static VerdictPredicate.Context context() {
    return new VerdictPredicate.Context(
        "acme",
        "acme.yaml",
        "sha256:" + "ab".repeat(32),
        new Policy(
            Map.of(), Policy.Severity.HIGH, List.of(), List.of(), Optional.empty(), List.of()),
        List.of(),
        LocalDate.of(2026, 12, 4),
        "test");
  }

  private static SigningKey key() {
    KeyPair pair = CosignSigner.newKeyPair();
    return new SigningKey(pair.getPrivate(), pair.getPublic(), "test key");
  }

  private static RegistryClient client() {
    return new RegistryClient(REGISTRY.host(), Optional.empty(), true);
  }

  private static void push(String repository) throws Exception {
    SigningFixtures.push(client(), repository, APP);
  }
}
