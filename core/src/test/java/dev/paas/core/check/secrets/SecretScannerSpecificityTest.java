package dev.paas.core.check.secrets;

import static dev.paas.core.check.secrets.Scans.file;
import static dev.paas.core.check.secrets.Scans.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 17's misses and false alarms: what must be found, and what must not. */
class SecretScannerSpecificityTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password.encoder=bcrypt",
        "spring.security.password-encoder=argon2id",
        "app.token.signing-algorithm=HS512",
        "jwt.secret.algorithm=SHA-256",
        "security.token.type=none",
        "password.encoder.class=org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder",
        "secret.cipher=AES/GCM/NoPadding",
        "db.password=<your-password>",
        "db.password=$DB_PASSWORD$",
        "api.token=\\$BUILD_TIME\\$",
        "db.password=changeme",
        "api.key=xxxxxxxxxxxxxxxx",
        "api.key=EXAMPLE-KEY-1234",
        "db.password=${vault.db.password}",
        "db.password.file=/run/secrets/db",
        "api.token=Tok3n",
      })
  void aPlaceholderAnAlgorithmOrAReferenceIsNoSecret(String line) {
    assertThat(file("/app/application.properties", line + "\n")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<project><properties><token>\\$BUILD_TIME\\$</token><token>\\$VERSION\\$</token></properties></project>",
        "<settings><servers><server><id>x</id><password>{COQLCE6DU6GtcS5P=}</password></server></servers></settings>",
        "<settings><servers><server><id>x</id><password>Oleg reset it {COQLCE6DU6GtcS5P=}</password></server></servers></settings>",
      })
  void buildTokensAndMavenEncryptedPasswordsAreNoSecrets(String xml) {
    assertThat(file("/app/pom.xml", xml + "\n")).isEmpty();
    assertThat(file("/root/.m2/settings.xml", xml + "\n")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/root/.m2/settings-security.xml | <settingsSecurity><master>plainMasterPw42</master></settingsSecurity>",
        "/root/.m2/settings-security.xml | <settings-security><master>plainMasterPw42</master></settings-security>",
      })
  void aMavenMasterPasswordInClearIsASecret(String path, String xml) {
    String text = xml.startsWith("<settingsSecurity") ? xml : xml;
    assertThat(kinds(file(path, "<!-- settings -->\n" + text + "\n")))
        .as(xml)
        .isNotEmpty()
        .allMatch(k -> k.equals("credential-file") || k.equals("password"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<settingsSecurity><master>{jSMOWnoPFgsHVpMvz5VrIt5kRbzGpI8u+9EF1iFQyJQ=}</master></settingsSecurity>"
      })
  void anEncryptedMavenMasterPasswordIsNoSecret(String xml) {
    assertThat(file("/root/.m2/settings-security.xml", xml + "\n")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "aws-secret-key | aws_secret_access_key = abcd1234abcd1234abcd1234abcd1234abcd1234",
        "github-token | export TOKEN=mytokengithub_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678",
        "github-token | GH=ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
        "alibaba-access-key-id | key LTAI5tQ9xK2mP7vR4tW8zB3n",
        "jwt | token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MjQyIiwibmFtZSI6Ik9yZGVycyJ9.Q7xK2mP9vR4tW8zB3nL6aY1cE5gJ0hU",
      })
  void findsTheVariantsItMissed(String kind, String line) {
    assertThat(kinds(file("/app/notes.txt", line + "\n"))).contains(kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})
  void awsDocumentedExampleKeysAreNoSecrets(String value) {
    assertThat(
            file(
                "/app/notes.txt",
                "aws_access_key_id=AKIAIOSFODNN7EXAMPLE\n"
                    + "aws_secret_access_key="
                    + value
                    + "\n"))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/app/k8s/pull-secret.yaml", "/app/k8s/pull-secret.json"})
  void aKubernetesDockerConfigSecretIsFound(String path) {
    String config =
        Base64.getEncoder()
            .encodeToString(
                "{\"auths\":{\"registry.example\":{\"auth\":\"ZGVwbG95OlE3eEsybVA5dlI0dFc4ekIz\"}}}"
                    .getBytes());
    String text =
        path.endsWith(".yaml")
            ? "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
                + config
            : "{\"data\": {\".dockerconfigjson\": \"" + config + "\"}}";

    assertThat(kinds(file(path, text + "\n"))).contains("kubernetes-docker-config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/app/.dockercfg", "/app/.dockerconfigjson"})
  void aDockerCfgFileIsACredentialFile(String path) {
    String content =
        path.endsWith("cfg")
            ? "{\"https://index.docker.io/v1/\":{\"auth\":\"ZGVwbG95OlE3eEsybVA5dlI0dFc4ekIz\",\"email\":\"a@b.c\"}}"
            : "{\"auths\":{\"registry.example\":{\"auth\":\"ZGVwbG95OlE3eEsybVA5dlI0dFc4ekIz\"}}}";

    assertThat(kinds(file(path, content + "\n"))).containsExactly("credential-file");
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\\n"})
  void findsAPrivateKeyWrittenOnOneLine(String separator) {
    String body =
        Base64.getEncoder()
            .encodeToString(
                new Random(7)
                    .ints(900, 0, 256)
                    .collect(ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> {})
                    .toByteArray());
    String line =
        "PRIVATE_KEY=\"-----BEGIN RSA PRIVATE KEY-----"
            + separator
            + body
            + separator
            + "-----END RSA PRIVATE KEY-----\"";

    assertThat(kinds(file("/app/.env", line + "\n"))).containsExactly("private-key");
    assertThat(kinds(file("/app/.env", "KEY=-----BEGIN PRIVATE KEY----- " + body + "\n")))
        .as("cut before its END line")
        .containsExactly("private-key");
  }
}
