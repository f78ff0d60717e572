package dev.paas.core.check.secrets;

import static dev.paas.core.check.secrets.Scans.file;
import static dev.paas.core.check.secrets.Scans.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretScannerConfigTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/app/application.properties | db.password=s3cr3tP4ssw0rd!",
        "/app/application.properties | spring.datasource.password = hunter2hunter2X9",
        "/app/application.yml | spring:\\n  datasource:\\n    password: s3cr3tP4ssw0rd!",
        "/app/application.yaml | client_secret: \"Zq8v!rT2#kLm9wXe\"",
        "/app/config.xml | <config><password>s3cr3tP4ssw0rd!</password></config>",
        "/app/context.xml | <Resource name=\"jdbc/db\" password=\"s3cr3tP4ssw0rd!\"/>",
        "/app/.env | API_KEY=9fQ2xLr7TmK4vW8z",
        "/app/.env.production | export DB_PASSWORD='hunter2hunter2X9'",
        "/app/settings.json | {\\n  \"apiToken\": \"9fQ2xLr7TmK4vW8z\",\\n  \"name\": \"x\"\\n}",
        "/etc/app/app.conf | secret_key = 9fQ2xLr7TmK4vW8z",
        "/etc/app/app.cfg | [db]\\npasswd=hunter2hunter2X9",
        "/etc/app/app.ini | [auth]\\naccess_key = 9fQ2xLr7TmK4vW8z",
        "/app/config.toml | private_key = \"9fQ2xLr7TmK4vW8z\"",
      })
  void findsANamedSecretInEachConfigurationFormat(String path, String content) {
    List<SecretMatch> matches = file(path, content.replace("\\n", "\n") + "\n");

    assertThat(kinds(matches)).containsExactly("password");
    assertThat(matches.get(0).redacted()).contains("*");
  }

  @Test
  void givesTheLineAndARedactionThatHidesTheValue() {
    SecretMatch match =
        file(
                "/app/application.properties",
                "# database\ndb.url=jdbc:postgresql://db/app\ndb.password=s3cr3tP4ssw0rd!\n")
            .get(0);

    assertThat(match.line()).isEqualTo(3);
    assertThat(match.redacted()).isEqualTo("s3************!").doesNotContain("s3cr3tP4ssw0rd!");
    assertThat(match.description()).contains("db.password");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "db.password=${DB_PASSWORD}",
        "db.password=${env:DB_PASSWORD}",
        "db.password=%(db_password)s",
        "db.password={{ .Values.db.password }}",
        "db.password=<password>",
        "db.password=@db.password@",
        "db.password=$PASSWORD",
        "db.password=",
        "db.password=changeme",
        "db.password=password",
        "db.password=secret",
        "db.password=xxxxxxxx",
        "db.password=********",
        "db.password=example",
        "db.password=none",
        "db.password=null",
        "db.password=true",
        "db.password=false",
        "db.password=Ab3$x",
        "db.password=aaaaaaaaaaaa",
        "db.password=/run/secrets/db_password",
        "db.password=classpath:secrets/db.txt",
        "db.password=spring.datasource.password",
        "db.password=password123",
        "db.password.file=/etc/app/9fQ2xLr7TmK4vW8z",
        "token.ttl=86400000",
        "password.min-length=12",
        "db.password=A challenge password",
        "# secret = # disable it",
        "password.toHashes = true|false",
        "combinedRealm.getPassword=\\u6c47\\u603b\\u5bc6\\u7801\\u5931\\u8d25",
        "util.notToken=\\u4e0d\\u662f\\u4ee4\\u724c[{0}]",
        "cookies.invalidCookieToken=Cookie\\uff1a\\u65e0\\u6548",
        "db.password=Geheimwort-für-alle",
        "token.error=Invalid-token:{0}",
      })
  void leavesPlaceholdersDummiesAndReferencesAlone(String line) {
    assertThat(file("/app/application.properties", line + "\n")).isEmpty();
  }

  @Test
  void looksForNamedSecretsInConfigurationFilesOnly() {
    assertThat(file("/usr/share/doc/app/README", "db.password=s3cr3tP4ssw0rd!\n")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/app/application.properties | spring.datasource.url=jdbc:mysql://db:3306/app?user=app&password=Zq8vrT2kLm9wXe",
        "/app/application.yml | url: postgres://app:Zq8vrT2kLm9wXe@db.internal:5432/app",
        "/app/config.json | {\"mongo\": \"mongodb+srv://app:Zq8vrT2kLm9wXe@cluster0.example.net/db\"}",
      })
  void findsConnectionStringsWithPasswords(String path, String content) {
    List<SecretMatch> matches = file(path, content + "\n");

    assertThat(kinds(matches)).containsExactly("connection-string");
    assertThat(matches.get(0).redacted()).doesNotContain("Zq8vrT2kLm9wXe");
  }

  @Test
  void leavesConnectionStringsWithoutARealPasswordAlone() {
    assertThat(
            file(
                "/app/application.yml",
                "a: postgres://app:${DB_PASSWORD}@db/app\n"
                    + "b: https://user:password@example.com/\nc: https://example.com/path\n"
                    + "d: jdbc:mysql://db:3306/app?user=app\n"))
        .isEmpty();
  }

  @Test
  void findsNamedSecretsInSettingsAndHistory() {
    assertThat(
            kinds(Scans.SCANNER.scanSetting("Env DB_PASSWORD", "DB_PASSWORD", "s3cr3tP4ssw0rd!")))
        .containsExactly("password");
    assertThat(Scans.SCANNER.scanSetting("Env DB_PASSWORD", "DB_PASSWORD", "${DB_PASSWORD}"))
        .isEmpty();
    assertThat(Scans.SCANNER.scanSetting("Env JAVA_HOME", "JAVA_HOME", "/opt/java")).isEmpty();
    assertThat(
            kinds(
                Scans.SCANNER.scanSetting(
                    "Labels db.url", "db.url", "postgres://app:Zq8vrT2kLm9wXe@db/app")))
        .containsExactly("connection-string");
    assertThat(
            kinds(
                Scans.SCANNER.scanText(
                    "history[2]", "/bin/sh -c ./configure --db-password=s3cr3tP4ssw0rd! && make")))
        .containsExactly("password");
    assertThat(
            Scans.SCANNER.scanText(
                "history[1]",
                "/bin/sh -c #(nop)  ENV DB_PASSWORD=${DB_PASSWORD} JAVA_HOME=/opt/java"))
        .isEmpty();
  }
}
