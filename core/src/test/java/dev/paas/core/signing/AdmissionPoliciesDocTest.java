package dev.paas.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.platform.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kyverno and policy-controller policies that signing.md gives to paste into a cluster: valid
 * YAML, written to the layouts and the predicate the plugin pushes. No cluster runs here, so they
 * are held to the code's constants and to a verdict statement the plugin makes.
 */
class AdmissionPoliciesDocTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static List<Map<String, Object>> policies;
  private static JsonNode statement;

  @BeforeAll
  static void readThePage() throws Exception {
    Path page =
        Path.of(System.getProperty("user.dir")).resolveSibling("src/site/markdown/signing.md");
    Matcher blocks = YAML_BLOCK.matcher(Files.readString(page));
    policies = new ArrayList<>();
    while (blocks.find()) {
      policies.add(new Yaml(new LoaderOptions()).load(blocks.group(1)));
    }
    ImageAttestations.Attestation verdict =
        VerdictPredicate.of(
            new CheckReport(
                "prod", "registry.example.com/team/app:1", DIGEST, List.of(), List.of(), List.of()),
            new VerdictPredicate.Context(
                "acme",
                "acme.yaml",
                DIGEST,
                new Policy(
                    Map.of(),
                    Policy.Severity.HIGH,
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    List.of()),
                List.of(),
                LocalDate.of(2026, 12, 4),
                "test"));
    statement =
        new ObjectMapper()
            .readTree(
                ImageAttestations.statement("registry.example.com/team/app", DIGEST, verdict));
  }

  @Test
  void kyvernoRequiresTheSignatureAndAPassedVerdictAttestation() {
    Map<String, Object> policy = policy("ClusterPolicy");
    assertThat(policy.get("apiVersion")).isEqualTo("kyverno.io/v1");
    Map<String, Object> verify =
        map(
            list(map(list(map(policy.get("spec")).get("rules")).get(0)).get("verifyImages"))
                .get(0));
    assertPublicKey(
        map(
            map(list(map(list(verify.get("attestors")).get(0)).get("entries")).get(0))
                .get("keys")));
    Map<String, Object> attestation = map(list(verify.get("attestations")).get(0));
    assertThat(attestation.get("type")).isEqualTo(VerdictPredicate.TYPE);
    assertPublicKey(
        map(
            map(list(map(list(attestation.get("attestors")).get(0)).get("entries")).get(0))
                .get("keys")));
    Map<String, Object> condition =
        map(list(map(list(attestation.get("conditions")).get(0)).get("all")).get(0));
    // Kyverno evaluates the condition's key on the statement's predicate.
    String key = String.valueOf(condition.get("key"));
    assertThat(key).matches("\\{\\{ *\\w+ *\\}\\}");
    String field = key.replaceAll("[{} ]", "");
    assertThat(condition.get("operator")).isEqualTo("Equals");
    assertThat(condition.get("value")).isEqualTo(VerdictPredicate.PASSED);
    assertThat(statement.path("predicate").path(field).asText()).isEqualTo(VerdictPredicate.PASSED);
  }

  @Test
  void policyControllerRequiresTheKeyAndAPassedVerdictAttestation() {
    Map<String, Object> policy = policy("ClusterImagePolicy");
    assertThat(policy.get("apiVersion")).isEqualTo("policy.sigstore.dev/v1beta1");
    Map<String, Object> authority = map(list(map(policy.get("spec")).get("authorities")).get(0));
    assertThat(String.valueOf(map(authority.get("key")).get("data")))
        .contains("-----BEGIN PUBLIC KEY-----", "-----END PUBLIC KEY-----");
    // The plugin writes no Rekor entry: no ctlog, so none is looked for.
    assertThat(authority).doesNotContainKey("ctlog");
    Map<String, Object> attestation = map(list(authority.get("attestations")).get(0));
    assertThat(attestation.get("predicateType")).isEqualTo(VerdictPredicate.TYPE);
    Map<String, Object> cue = map(attestation.get("policy"));
    assertThat(cue.get("type")).isEqualTo("cue");
    // policy-controller unifies the CUE with the whole statement: each "a: b: value" line must
    // hold of the statement the plugin signs.
    for (String line : String.valueOf(cue.get("data")).strip().split("\n")) {
      String[] path = line.split(": ");
      JsonNode node = statement;
      for (int i = 0; i < path.length - 1; i++) {
        node = node.path(path[i].strip());
      }
      assertThat(node.asText()).as(line).isEqualTo(path[path.length - 1].strip().replace("\"", ""));
    }
  }

  private static void assertPublicKey(Map<String, Object> keys) {
    assertThat(String.valueOf(keys.get("publicKeys")))
        .contains("-----BEGIN PUBLIC KEY-----", "-----END PUBLIC KEY-----");
    // The plugin writes no transparency-log entry and no certificate: both checks are off.
    assertThat(map(keys.get("rekor")).get("ignoreTlog")).isEqualTo(true);
    assertThat(map(keys.get("ctlog")).get("ignoreSCT")).isEqualTo(true);
  }

  private static Map<String, Object> policy(String kind) {
    return policies.stream()
        .filter(p -> kind.equals(p.get("kind")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("signing.md has no " + kind + " block"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }
}
