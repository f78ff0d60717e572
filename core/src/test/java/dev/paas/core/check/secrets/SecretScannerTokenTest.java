package dev.paas.core.check.secrets;

import static dev.paas.core.check.secrets.Scans.file;
import static dev.paas.core.check.secrets.Scans.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretScannerTokenTest {
  static final String AWS_KEY = "AKIA" + "Z7QX2M4KW9RT5YB3";
  static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYz9Qk3LmN0p";
  static final String GITHUB = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

  @ParameterizedTest
  @CsvSource({
    "aws-access-key, export AWS_ACCESS_KEY_ID=AKIAZ7QX2M4KW9RT5YB3",
    "aws-access-key, key ASIAZ7QX2M4KW9RT5YB3 in a log",
    "github-token, token: ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
    "github-token, GH=ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
    "github-token, github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678",
    "gitlab-token, CI_TOKEN=glpat-x7Kp2Qm9Vt4Rz8Lw3Ny6",
    "slack-token, SLACK=xoxb-1234567890-2345678901-AbCdEfGhIjKlMnOp",
    "slack-webhook, url https://hooks.slack.com/services/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",
    "google-api-key, maps.key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
    "stripe-key, STRIPE=sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "npm-token, //registry.npmjs.org/ NPM npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
  })
  void findsATokenInAnyTextFile(String kind, String line) {
    List<SecretMatch> matches = file("/app/notes.txt", "first line\n" + line + "\nlast line\n");

    assertThat(kinds(matches)).containsExactly(kind);
    assertThat(matches.get(0).line()).isEqualTo(2);
    assertThat(matches.get(0).path()).isEqualTo("/app/notes.txt");
  }

  @Test
  void findsAnAwsSecretNextToItsName() {
    List<SecretMatch> matches =
        file("/root/.aws/credentials.txt", "aws_secret_access_key = " + AWS_SECRET + "\n");

    assertThat(kinds(matches)).containsExactly("aws-secret-key");
  }

  @Test
  void leavesFortyBase64CharactersWithoutTheAwsNameAlone() {
    assertThat(file("/app/sums.txt", "sha = " + AWS_SECRET + "\n")).isEmpty();
  }

  @Test
  void ignoresTokenShapesThatAreTooShortOrEmbedded() {
    assertThat(
            file(
                "/app/a.txt",
                "ghp_short AKIA123 xoxb- AIzaShort npm_abc\n"
                    + "XAKIAZ7QX2M4KW9RT5YB3Q sk_live_ glpat-short\n"))
        .isEmpty();
  }

  @Test
  void redactsTokensAndFingerprintsThemStably() {
    SecretMatch match = file("/app/a.txt", "id=" + AWS_KEY + "\n").get(0);

    assertThat(match.redacted()).isEqualTo("AKIA************5YB3");
    assertThat(match.redacted()).doesNotContain(AWS_KEY);
    assertThat(file("/srv/a.txt", "id=" + AWS_KEY).get(0).fingerprint())
        .isNotEqualTo(match.fingerprint());
    assertThat(file("/app/a.txt", "moved\n\nid=" + AWS_KEY).get(0).fingerprint())
        .isEqualTo(match.fingerprint());
    assertThat(file("/app/a.txt", "id=AKIAZ7QX2M4KW9RT5YB4").get(0).fingerprint())
        .isNotEqualTo(match.fingerprint());
  }

  @Test
  void findsTokensInSettingsAndHistory() {
    assertThat(kinds(Scans.SCANNER.scanSetting("Env GITHUB_TOKEN", "GITHUB_TOKEN", GITHUB)))
        .containsExactly("github-token");
    List<SecretMatch> history =
        Scans.SCANNER.scanText(
            "history[3]",
            "/bin/sh -c curl -H 'Authorization: token " + GITHUB + "' https://api.github.com");
    assertThat(kinds(history)).containsExactly("github-token");
    assertThat(history.get(0).path()).isEqualTo("history[3]");
    assertThat(history.get(0).line()).isZero();
  }
}
