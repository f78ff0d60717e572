package dev.paas.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.registry.RegistryClient;
import dev.paas.core.testing.OciFixtures;
import dev.paas.core.testing.TestRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the signing tests share: keys made with openssl, signatures checked with openssl, a registry
 * read with curl (code that shares nothing with the plugin), and an image pushed.
 */
final class SigningFixtures {
  private SigningFixtures() {}

  /** A new ECDSA P-256 private key in PKCS#8 PEM, as {@code openssl genpkey} writes it. */
  static Path newKey(Path dir, String name) throws Exception {
    Path key = dir.resolve(name + ".pem");
    SigningKeyTest.run(
        "openssl",
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        key.toString());
    return key;
  }

  /** The public key of {@code key}, as {@code openssl pkey -pubout} writes it. */
  static Path publicKeyOf(Path dir, Path key) throws Exception {
    Path pub = dir.resolve(key.getFileName() + ".pub");
    SigningKeyTest.run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
    return pub;
  }

  /** What {@code openssl dgst -sha256 -verify} says of {@code signature} over {@code data}. */
  static String opensslVerify(Path dir, Path pub, byte[] data, byte[] signature) throws Exception {
    Path dataFile = Files.write(dir.resolve("data"), data);
    Path signatureFile = Files.write(dir.resolve("signature"), signature);
    Process process =
        new ProcessBuilder(
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                pub.toString(),
                "-signature",
                signatureFile.toString(),
                dataFile.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  /** The body of {@code path} in {@code registry}, fetched with curl. */
  static byte[] curl(TestRegistry registry, String path, String... headers) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sSf"));
    for (String header : headers) {
      command.add("-H");
      command.add(header);
    }
    command.add(registry.baseUri().resolve(path).toString());
    Process process = new ProcessBuilder(command).start();
    byte[] body = process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).as("curl " + path).isZero();
    return body;
  }

  /** Pushes {@code image} to {@code repository}, tag {@code 1}. */
  static void push(RegistryClient client, String repository, OciFixtures.Image image)
      throws Exception {
    for (OciFixtures.Layer layer : image.layers()) {
      client.uploadBlob(
          repository,
          layer.digest(),
          layer.gzip().length,
          () -> new ByteArrayInputStream(layer.gzip()));
    }
    client.uploadBlob(
        repository,
        image.configDigest(),
        image.config().length,
        () -> new ByteArrayInputStream(image.config()));
    client.putManifest(repository, "1", image.manifest(), OciFixtures.MANIFEST_TYPE);
  }
}
