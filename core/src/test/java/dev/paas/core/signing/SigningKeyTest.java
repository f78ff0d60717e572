package dev.paas.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
  private static final Optional<String> NO_PASSWORD = Optional.empty();

  @TempDir Path dir;

  @Test
  void anOpensslP256KeySignsWhatOpensslVerifiesWithItsPublicHalf() throws Exception {
    Path key =
        openssl("p256.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
    Path pub = openssl("p256.pub", "pkey", "-in", key.toString(), "-pubout");
    SigningKey signing = SigningKey.read(key, NO_PASSWORD);
    byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
    Path payloadFile = Files.write(dir.resolve("payload"), payload);
    Path signature = Files.write(dir.resolve("payload.sig"), signing.sign(payload));

    String verified =
        run(
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            pub.toString(),
            "-signature",
            signature.toString(),
            payloadFile.toString());

    assertThat(verified).contains("Verified OK");
    assertThat(pem(signing.publicKey().getEncoded())).isEqualTo(Files.readString(pub));
    assertThat(signing.toString()).isEqualTo("SigningKey[" + key + "]");
  }

  @Test
  void aKeyOnAnotherCurveIsRefused() throws Exception {
    Path key =
        openssl("p384.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384");

    assertThatThrownBy(() -> SigningKey.read(key, NO_PASSWORD))
        .isInstanceOf(SigningKeyException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("curve other than P-256 (384 bits)")
        .hasMessageContaining("cosign generate-key-pair");
  }

  @Test
  void anRsaKeyIsRefused() throws Exception {
    Path key =
        openssl("rsa.pem", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");

    assertThatThrownBy(() -> SigningKey.read(key, NO_PASSWORD))
        .hasMessageContaining("is an RSA key")
        .hasMessageContaining("ECDSA P-256");
  }

  @Test
  void aSec1KeyIsRefusedWithTheConversion() throws Exception {
    Path key = openssl("sec1.pem", "ecparam", "-name", "prime256v1", "-genkey", "-noout");

    assertThatThrownBy(() -> SigningKey.read(key, NO_PASSWORD))
        .hasMessageContaining("SEC1 EC key")
        .hasMessageContaining("openssl pkcs8 -topk8");
  }

  @Test
  void aPublicKeyOrADamagedOrCutFileIsRefused() throws Exception {
    Path key =
        openssl("p256.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
    Path pub = openssl("p256.pub", "pkey", "-in", key.toString(), "-pubout");
    String pem = Files.readString(key);
    Path damaged = Files.writeString(dir.resolve("damaged.pem"), pem.replaceFirst("M", "!"));
    Path cut = Files.writeString(dir.resolve("cut.pem"), pem.substring(0, pem.length() / 2));
    Path flipped = Files.writeString(dir.resolve("flipped.pem"), pem.replaceFirst("\nM", "\nN"));

    assertThatThrownBy(() -> SigningKey.read(pub, NO_PASSWORD)).hasMessageContaining("public key");
    assertThatThrownBy(() -> SigningKey.read(damaged, NO_PASSWORD))
        .hasMessageContaining("not base64");
    assertThatThrownBy(() -> SigningKey.read(cut, NO_PASSWORD)).hasMessageContaining("cut short");
    assertThatThrownBy(() -> SigningKey.read(flipped, NO_PASSWORD))
        .hasMessageContaining("no PKCS#8 private key");
    assertThatThrownBy(() -> SigningKey.read(dir.resolve("absent.pem"), NO_PASSWORD))
        .hasMessageContaining("does not exist");
  }

  @Test
  void cosignsPublishedTestKeysDecryptWithTheirDocumentedPassword() throws Exception {
    for (String name : List.of("cosign-keys_test-cosign.key", "cosign-keys_test-sigstore.key")) {
      Path key = resource(name);

      SigningKey signing = SigningKey.read(key, Optional.of("hello"));

      assertThat(signing.publicKey().getAlgorithm()).isEqualTo("EC");
      assertThat(signing.sign(new byte[] {1})).isNotEmpty();
    }
  }

  @Test
  void aWrongOrMissingPasswordIsRefused() throws Exception {
    Path key = resource("cosign-keys_test-sigstore.key");

    assertThatThrownBy(() -> SigningKey.read(key, Optional.of("hellO")))
        .isInstanceOf(SigningKeyException.class)
        .hasMessageContaining("COSIGN_PASSWORD is not this key's password");
    assertThatThrownBy(() -> SigningKey.read(key, NO_PASSWORD))
        .hasMessageContaining("COSIGN_PASSWORD is not set");
  }

  @Test
  void aChangedCiphertextIsRefusedAsAWrongPassword() throws Exception {
    String json = body(resource("cosign-keys_test-cosign.key"));
    String changed = json.replaceFirst("\"ciphertext\":\"\\+0x", "\"ciphertext\":\"+0y");
    assertThat(changed).isNotEqualTo(json);

    assertThatThrownBy(() -> SigningKey.read(encrypted(changed), Optional.of("hello")))
        .hasMessageContaining("not this key's password (or the file was changed)");
  }

  @Test
  void scryptParametersThatWouldExhaustMemoryAreRefusedBeforeDerivation() throws Exception {
    String json = body(resource("cosign-keys_test-cosign.key"));
    String costly = json.replace("\"N\":32768", "\"N\":1073741824");
    long start = System.nanoTime();

    assertThatThrownBy(() -> SigningKey.read(encrypted(costly), Optional.of("hello")))
        .hasMessageContaining("scrypt parameters (N=1073741824, r=8, p=1)");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
  }

  @Test
  void anEncryptedKeyMadeByAnIndependentImplementationDecrypts() throws Exception {
    Optional<String> python = pythonWithNacl();
    assumeThat(python).as("a python3 with PyNaCl (apt-get install python3-nacl)").isPresent();
    openssl("p256.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
    Path der = dir.resolve("p256.der");
    run(
        "openssl",
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        dir.resolve("p256.pem").toString(),
        "-outform",
        "DER",
        "-out",
        der.toString());
    // PyNaCl's secretbox and Python's scrypt, as cosign's encrypted format is specified.
    String script =
        String.join(
            "\n",
            "import base64, hashlib, json, os, sys, nacl.secret",
            "salt = os.urandom(32); nonce = os.urandom(24)",
            "key = hashlib.scrypt(b'pa55 word', salt=salt, n=32768, r=8, p=1, dklen=32,"
                + " maxmem=64*1024*1024)",
            "box = nacl.secret.SecretBox(key).encrypt(open(sys.argv[1], 'rb').read(), nonce)",
            "doc = {'kdf': {'name': 'scrypt', 'params': {'N': 32768, 'r': 8, 'p': 1},"
                + " 'salt': base64.b64encode(salt).decode()},",
            " 'cipher': {'name': 'nacl/secretbox', 'nonce': base64.b64encode(nonce).decode()},",
            " 'ciphertext': base64.b64encode(box.ciphertext).decode()}",
            "print(json.dumps(doc))");
    String json = run(python.get(), "-c", script, der.toString()).trim();

    SigningKey signing = SigningKey.read(encrypted(json), Optional.of("pa55 word"));
    Path pub = openssl("p256.pub", "pkey", "-in", dir.resolve("p256.pem").toString(), "-pubout");

    assertThat(pem(signing.publicKey().getEncoded())).isEqualTo(Files.readString(pub));
  }

  private static Optional<String> pythonWithNacl() throws Exception {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      if (run(python, "-c", "import nacl.secret; print('ok')").contains("ok")) {
        return Optional.of(python);
      }
    }
    return Optional.empty();
  }

  private Path encrypted(String json) throws IOException {
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    return Files.writeString(
        dir.resolve("encrypted.key"),
        "-----BEGIN ENCRYPTED COSIGN PRIVATE "
            + "KEY-----\n"
            + body
            + "\n-----END ENCRYPTED COSIGN PRIVATE KEY-----\n");
  }

  private static String body(Path key) throws IOException {
    List<String> lines = Files.readAllLines(key);
    return new String(
        Base64.getDecoder().decode(String.join("", lines.subList(1, lines.size() - 1))),
        StandardCharsets.UTF_8);
  }

  private static Path resource(String name) throws Exception {
    return Path.of(SigningKeyTest.class.getResource("/signing/" + name).toURI());
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }

  private Path openssl(String file, String... args) throws Exception {
    Path out = dir.resolve(file);
    String[] command = new String[args.length + 3];
    command[0] = "openssl";
    System.arraycopy(args, 0, command, 1, args.length);
    command[args.length + 1] = "-out";
    command[args.length + 2] = out.toString();
    run(command);
    return out;
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", command));
    }
    if (process.exitValue() != 0 && !command[0].endsWith("python3")) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
