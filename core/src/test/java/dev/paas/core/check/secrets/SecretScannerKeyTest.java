package dev.paas.core.check.secrets;

import static dev.paas.core.check.secrets.Scans.file;
import static dev.paas.core.check.secrets.Scans.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretScannerKeyTest {
  private static KeyPair rsa;
  private static KeyPair ec;
  private static KeyPair dsa;

  @BeforeAll
  static void generateKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    rsa = generator.generateKeyPair();
    generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    ec = generator.generateKeyPair();
    generator = KeyPairGenerator.getInstance("DSA");
    generator.initialize(2048);
    dsa = generator.generateKeyPair();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  static byte[] noise(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  @ParameterizedTest
  @CsvSource({
    "RSA PRIVATE KEY, rsa, an RSA private key",
    "EC PRIVATE KEY, ec, an EC private key",
    "DSA PRIVATE KEY, dsa, a DSA private key",
    "PRIVATE KEY, rsa, a PKCS#8 private key",
    "ENCRYPTED PRIVATE KEY, noise, an encrypted PKCS#8 private key",
    "OPENSSH PRIVATE KEY, noise, an OpenSSH private key",
  })
  void findsEveryFlavourOfPemPrivateKey(String type, String source, String description) {
    byte[] der =
        switch (source) {
          case "rsa" -> rsa.getPrivate().getEncoded();
          case "ec" -> ec.getPrivate().getEncoded();
          case "dsa" -> dsa.getPrivate().getEncoded();
          default -> noise(1200);
        };
    List<SecretMatch> matches = file("/app/keys/server.key", "\n" + pem(type, der));

    assertThat(kinds(matches)).containsExactly("private-key");
    SecretMatch match = matches.get(0);
    assertThat(match.description()).isEqualTo(description);
    assertThat(match.line()).isEqualTo(2);
    assertThat(match.redacted()).isEqualTo("-----BEGIN " + type + "----- …");
  }

  @Test
  void findsAPgpPrivateKeyBlock() {
    String block =
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n"
            + Base64.getMimeEncoder().encodeToString(noise(900))
            + "\n=Ab12\n"
            + "-----END PGP PRIVATE KEY BLOCK-----\n";

    assertThat(file("/root/secring.asc", block))
        .extracting(SecretMatch::description)
        .containsExactly("a PGP private key block");
  }

  @Test
  void findsAKeyInsideAJsonString() {
    String json =
        "{\"type\": \"service_account\", \"private_key\": \""
            + pem("PRIVATE KEY", rsa.getPrivate().getEncoded()).replace("\n", "\\n")
            + "\"}\n";

    assertThat(kinds(file("/app/service-account.json", json))).containsExactly("private-key");
  }

  @Test
  void leavesPublicKeysCertificatesAndElidedExamplesAlone() {
    String text =
        pem("PUBLIC KEY", rsa.getPublic().getEncoded())
            + pem("RSA PUBLIC KEY", rsa.getPublic().getEncoded())
            + pem("CERTIFICATE", noise(900))
            + "ssh-rsa "
            + Base64.getEncoder().encodeToString(noise(270))
            + " me@host\n"
            + "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"
            + "The file starts with -----BEGIN PRIVATE KEY----- and is PEM.\n";

    assertThat(file("/usr/share/doc/openssl/README.pem", text)).isEmpty();
  }

  @Test
  void fingerprintsAKeyByItsBodySoAnotherKeyDiffers() {
    String one = pem("PRIVATE KEY", rsa.getPrivate().getEncoded());
    String other = pem("PRIVATE KEY", ec.getPrivate().getEncoded());

    assertThat(file("/k.pem", one).get(0).fingerprint())
        .isEqualTo(file("/k.pem", "\n\n" + one).get(0).fingerprint())
        .isNotEqualTo(file("/k.pem", other).get(0).fingerprint());
  }

  @Test
  void findsAKeyInASetting() {
    String key = pem("EC PRIVATE KEY", ec.getPrivate().getEncoded());

    List<SecretMatch> matches = Scans.SCANNER.scanSetting("Env TLS_KEY", "TLS_KEY", key);

    assertThat(kinds(matches)).containsExactly("private-key");
    assertThat(matches.get(0).redacted()).doesNotContain(key.substring(40, 80));
  }
}
