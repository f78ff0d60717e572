package dev.paas.core.check.secrets;

import static dev.paas.core.check.secrets.Scans.file;
import static dev.paas.core.check.secrets.Scans.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScannerKeystoreTest {
  private static final char[] PASSWORD = "Zq8vrT2kLm9wXe4p".toCharArray();
  private static Key key;
  private static Certificate[] chain;

  /** keytool makes the self-signed certificate the JDK has no public API for. */
  @BeforeAll
  static void generateKeyAndCertificate(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("made.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "app",
                "-keyalg",
                "EC",
                "-dname",
                "CN=test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD),
                "-noprompt")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue())
        .as(new String(keytool.getInputStream().readAllBytes()))
        .isZero();
    KeyStore loaded = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      loaded.load(in, PASSWORD);
    }
    key = loaded.getKey("app", PASSWORD);
    chain = loaded.getCertificateChain("app");
  }

  static byte[] store(String type, boolean withKey) throws Exception {
    KeyStore store = KeyStore.getInstance(type);
    store.load(null, null);
    store.setCertificateEntry("ca", chain[0]);
    if (withKey) {
      store.setKeyEntry("app", key, PASSWORD, chain);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    store.store(bytes, PASSWORD);
    return bytes.toByteArray();
  }

  @Test
  void findsAPkcs12KeystoreHoldingAKey() throws Exception {
    assertThat(kinds(file("/app/server.p12", store("PKCS12", true))))
        .containsExactly("credential-file");
    assertThat(kinds(file("/app/client.pfx", store("PKCS12", true))))
        .containsExactly("credential-file");
  }

  @Test
  void findsAJksKeystoreHoldingAKeyWhateverItsName() throws Exception {
    assertThat(kinds(file("/app/server.jks", store("JKS", true))))
        .containsExactly("credential-file");
    assertThat(kinds(file("/app/conf/identity", store("JKS", true))))
        .containsExactly("credential-file");
    assertThat(kinds(file("/app/secrets.jceks", store("JCEKS", true))))
        .containsExactly("credential-file");
  }

  @Test
  void leavesTrustStoresAlone() throws Exception {
    assertThat(file("/app/truststore.jks", store("JKS", false))).isEmpty();
    assertThat(file("/app/truststore.p12", store("PKCS12", false))).isEmpty();
    assertThat(file("/etc/ssl/certs/java/cacerts", store("JKS", false))).isEmpty();
    assertThat(file("/opt/java/lib/security/cacerts", store("PKCS12", false))).isEmpty();
  }

  @Test
  void reportsAnUnreadableKeystoreOnlyWhenItsNameSaysItHoldsKeys() {
    byte[] garbage = "not a keystore at all".getBytes();

    assertThat(kinds(file("/app/keystore.bks", garbage))).containsExactly("credential-file");
    assertThat(file("/app/truststore.bks", garbage)).isEmpty();
    assertThat(file("/app/broken.jks", garbage)).isEmpty();
    assertThat(file("/etc/ssl/certs/java/cacerts", garbage)).isEmpty();
  }

  @Test
  void neverShowsTheKeystoreBytes() throws Exception {
    byte[] bytes = store("PKCS12", true);
    SecretMatch match = file("/app/server.p12", bytes).get(0);

    assertThat(match.redacted()).isEqualTo("(keystore)");
    assertThat(match.fingerprint())
        .isEqualTo(file("/app/server.p12", bytes).get(0).fingerprint())
        .isNotEqualTo(file("/app/server.p12", store("PKCS12", true)).get(0).fingerprint());
  }
}
