package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.image.OciImage;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.ProfileParser;
import dev.paas.core.platform.SecretRuleSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform decides: its profile adds rules (its own or gitleaks'), turns some off, allows. */
class PlatformSecretRulesTest {
  static final String ACME = "acme_" + "Q7xK2mP9vR4tW8zB3nL6";

  /** A gitleaks configuration as platforms keep them, with gitleaks' own keys. */
  static final String GITLEAKS =
      """
      title = "acme gitleaks config"

      [extend]
      useDefault = true
      disabledRules = ["jwt"]

      [allowlist]
      description = "global"
      paths = ['''(?:^|/)fixtures/''']

      [[rules]]
      id = "acme-token"
      description = "ACME internal token"
      regex = '''\\b(acme_[A-Za-z0-9]{20})\\b'''
      secretGroup = 1
      entropy = 3.0
      keywords = ["acme_"]
      tags = ["internal"]
      [[rules.allowlists]]
      regexTarget = "line"
      regexes = ['''example-only''']

      # gitleaks' own constructs: named groups, (?s:.), \\z, (?-i:...), flags mid-pattern,
      # [^]], several values on one line, AND allow-lists, a rule on file names alone
      [[rules]]
      id = "acme-base64"
      regex = '''\\bQUNNRV9(?:(?P<a>aGVsbG8)|(?P<b>d29ybGQ))[a-zA-Z0-9+/]{20,}={0,2}(?:\\z|\\s)'''
      keywords = ["qunnrv9"]
      [[rules]]
      id = "acme-multiline"
      regex = '''(?i)kind:(?s:.){0,50}?\\bacme-(?-i:KEY)-([a-z0-9]{16})'''
      keywords = ["acme-"]
      [[rules.allowlists]]
      condition = "AND"
      paths = ['''\\.bb$''', '''\\.inc$''']
      regexTarget = "line"
      regexes = ['''[^:]+:\\[[^]]+]''', '''dp\\.pt\\.(?i)[a-z0-9]{43}''']
      [[rules]]
      id = "acme-pkcs12-file"
      description = "a PKCS #12 file"
      path = '''(?i)(?:^|\\/)[^\\/]+\\.p(?:12|fx)$'''
      """;

  @Test
  void aProfileAddsAGitleaksFileNextToIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("gitleaks.toml"), GITLEAKS);
    Path profile = dir.resolve("profile.yaml");
    Files.writeString(profile, "schemaVersion: 1\nsecrets:\n  ruleFiles: [gitleaks.toml]\n");

    PlatformProfile parsed =
        ProfileParser.parse(
            Files.readString(profile), profile.toString(), PlatformProfiles.embedded());
    SecretScanner scanner =
        new SecretScanner(ArchiveLimits.DEFAULT, SecretRules.of(parsed.secrets()));

    assertThat(kinds(scanner, "/app/notes.txt", "token " + ACME)).containsExactly("acme-token");
    assertThat(kinds(scanner, "/app/notes.txt", "token " + ACME + " example-only")).isEmpty();
    assertThat(kinds(scanner, "/app/fixtures/notes.txt", "token " + ACME)).isEmpty();
    assertThat(scanner.rules().rules())
        .extracting(SecretRule::id)
        .doesNotContain("jwt")
        .contains("acme-token", "github-pat", "acme-base64", "acme-multiline");
    assertThat(kinds(scanner, "/app/secret.yaml", "kind: Secret acme-KEY-q7xk2mp9vr4tw8zb"))
        .containsExactly("acme-multiline");
    assertThat(Scans.file(scanner, "/app/certs/client.p12", new byte[] {0x30, (byte) 0x82, 0, 1}))
        .extracting(SecretMatch::kind)
        .containsExactly("acme-pkcs12-file");
  }

  @Test
  void aProfileAddsRulesInlineTurnsRulesOffAndAllowsPathsAndValues() throws Exception {
    String github = SecretScannerTokenTest.GITHUB;
    String sha =
        OciImage.sha256(github.getBytes(StandardCharsets.UTF_8)).substring("sha256:".length());
    PlatformProfile parsed =
        ProfileParser.parse(
            """
        schemaVersion: 1
        secrets:
          rules: |
            [[rules]]
            id = "acme-token"
            description = "an ACME token"
            severity = "critical"
            regex = '''(acme_[A-Za-z0-9]{20})'''
            keywords = ["acme_"]
          disable: [aws-access-key-id]
          allow:
            paths: ['^/opt/samples/']
            values: [%s]
        """
                .formatted(sha),
            "profile.yaml",
            PlatformProfiles.embedded());
    SecretScanner scanner =
        new SecretScanner(ArchiveLimits.DEFAULT, SecretRules.of(parsed.secrets()));

    assertThat(kinds(scanner, "/app/a.txt", ACME)).containsExactly("acme-token");
    assertThat(kinds(scanner, "/app/a.txt", "id=" + SecretScannerTokenTest.AWS_KEY)).isEmpty();
    assertThat(kinds(Scans.SCANNER, "/app/a.txt", "id=" + SecretScannerTokenTest.AWS_KEY))
        .containsExactly("aws-access-key");
    assertThat(kinds(scanner, "/opt/samples/a.txt", ACME)).isEmpty();
    assertThat(kinds(scanner, "/app/a.txt", "token " + github)).isEmpty();
    assertThat(kinds(scanner, "/app/a.txt", "token ghp_" + "Z1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"))
        .containsExactly("github-token");
    assertThat(scanner.rules().digest()).isNotEqualTo(SecretRules.builtin().digest());
  }

  @Test
  void aPatternTheLinearEngineCannotRunIsRefusedWithItsRule() {
    assertThatThrownBy(
            () ->
                ProfileParser.parse(
                    """
        schemaVersion: 1
        secrets:
          rules: |
            [[rules]]
            id = "backtracking"
            regex = '''(a+)\\1'''
            keywords = ["a"]
        """,
                    "profile.yaml",
                    PlatformProfiles.embedded()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("profile.yaml")
        .hasMessageContaining("rule 'backtracking'")
        .hasMessageContaining("linear-time engine");
    assertThatThrownBy(
            () ->
                SecretRules.of(
                    new SecretRuleSettings(
                        List.of(
                            new SecretRuleSettings.RuleText(
                                "gitleaks.toml",
                                "[[rules]]\nid = \"look\"\n" + "regex = '''(?<!x)secret'''\n")),
                        List.of(),
                        List.of(),
                        List.of())))
        .hasMessageContaining("gitleaks.toml: rule 'look'")
        .hasMessageContaining("lookbehind");
  }

  @Test
  void aDisabledIdThatIsNoRuleIsRefused() {
    assertThatThrownBy(
            () ->
                ProfileParser.parse(
                    "schemaVersion: 1\nsecrets:\n  disable: [githb-pat]\n",
                    "profile.yaml",
                    PlatformProfiles.embedded()))
        .hasMessageContaining("'githb-pat'")
        .hasMessageContaining("paas:options");
  }

  @Test
  void theGenericRuleAndTheDetectorsCanBeTurnedOff() throws Exception {
    SecretScanner scanner =
        new SecretScanner(
            ArchiveLimits.DEFAULT,
            SecretRules.of(
                new SecretRuleSettings(
                    List.of(), List.of("generic-secret", "private-key"), List.of(), List.of())));

    assertThat(kinds(scanner, "/app/application.properties", "db.password=s3cr3tP4ssw0rd!"))
        .isEmpty();
    String key = SecretScannerKeyTest.pem("PRIVATE KEY", new byte[600]).replace("AAAA", "Ab3x");
    assertThat(kinds(Scans.SCANNER, "/app/key.pem", key)).containsExactly("private-key");
    assertThat(kinds(scanner, "/app/key.pem", key)).isEmpty();
  }

  @Test
  void aPatternWithAMillionStatesIsRefused() {
    assertThatThrownBy(
            () ->
                SecretRules.of(
                    new SecretRuleSettings(
                        List.of(
                            new SecretRuleSettings.RuleText(
                                "costly.toml",
                                "[[rules]]\nid = \"costly\"\n"
                                    + "regex = '([a-z ]{0,1000}){1000}b'\nkeywords = [\"a\"]\n")),
                        List.of(),
                        List.of(),
                        List.of())))
        .hasMessageContaining("costly.toml: rule 'costly'")
        .hasMessageContaining("too costly");
  }

  @Test
  void aRuleFileCannotMakeTheKeywordAutomatonHuge() {
    StringBuilder toml = new StringBuilder();
    for (int r = 0; r < 400; r++) {
      toml.append("[[rules]]\nid = \"r").append(r).append("\"\nregex = 'x'\nkeywords = [");
      for (int k = 0; k < 64; k++) {
        toml.append(k == 0 ? "" : ", ")
            .append('"')
            .append("k".repeat(50))
            .append(r)
            .append('_')
            .append(k)
            .append('"');
      }
      toml.append("]\n");
    }
    assertThatThrownBy(
            () ->
                SecretRules.of(
                    new SecretRuleSettings(
                        List.of(new SecretRuleSettings.RuleText("huge.toml", toml.toString())),
                        List.of(),
                        List.of(),
                        List.of())))
        .hasMessageContaining("keywords")
        .hasMessageContaining("allowed");
    assertThatThrownBy(
            () ->
                SecretRules.of(
                    new SecretRuleSettings(
                        List.of(
                            new SecretRuleSettings.RuleText(
                                "long.toml",
                                "[[rules]]\nid = \"long\"\nregex = 'x'\n"
                                    + "keywords = [\""
                                    + "k".repeat(65)
                                    + "\"]\n")),
                        List.of(),
                        List.of(),
                        List.of())))
        .hasMessageContaining("long.toml: rule 'long'")
        .hasMessageContaining("longer than 64");
  }

  private static List<String> kinds(SecretScanner scanner, String path, String content) {
    return Scans.kinds(
        Scans.file(scanner, path, (content + "\n").getBytes(StandardCharsets.UTF_8)));
  }
}
