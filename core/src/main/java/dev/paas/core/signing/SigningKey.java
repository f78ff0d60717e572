package dev.paas.core.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * The release pipeline's ECDSA P-256 private key, read from a PEM file as {@code openssl genpkey}
 * (PKCS#8) or {@code cosign generate-key-pair} (encrypted) writes it, with its public half.
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String source) {
  /** A key file is a few hundred bytes; a larger one is not a key worth reading. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  private static final String EXPECTED =
      "expected an ECDSA P-256 private key: cosign.key from "
          + "'cosign generate-key-pair' (password in COSIGN_PASSWORD), or PKCS#8 PEM from "
          + "'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'";
  private static final String[] ENCRYPTED = {
    "ENCRYPTED COSIGN PRIVATE KEY", "ENCRYPTED SIGSTORE PRIVATE KEY"
  };
  private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");

  /**
   * Reads the key at {@code file}; {@code password} opens an encrypted key (cosign reads it from
   * {@code COSIGN_PASSWORD}).
   *
   * @throws SigningKeyException saying what is wrong with the file and what to use instead
   */
  public static SigningKey read(Path file, Optional<String> password) throws SigningKeyException {
    String where = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new SigningKeyException("The signing key " + where + " does not exist: " + EXPECTED);
    } catch (IOException e) {
      throw new SigningKeyException(
          "Cannot read the signing key " + where + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new SigningKeyException(
          "The signing key "
              + where
              + " is larger than "
              + MAX_FILE_BYTES
              + " bytes, so it is not a key: "
              + EXPECTED);
    }
    return parse(new String(bytes, StandardCharsets.US_ASCII), password, where);
  }

  /** Reads a key from PEM text; {@code where} names it in errors. */
  public static SigningKey parse(String pem, Optional<String> password, String where)
      throws SigningKeyException {
    for (String label : ENCRYPTED) {
      Optional<byte[]> body = body(pem, label, where);
      if (body.isPresent()) {
        if (password.isEmpty()) {
          throw new SigningKeyException(
              "The signing key "
                  + where
                  + " is encrypted and "
                  + "COSIGN_PASSWORD is not set: set it to the key's password.");
        }
        return fromPkcs8(CosignEncryptedKey.open(body.get(), password.get(), where), where);
      }
    }
    Optional<byte[]> der = body(pem, "PRIVATE KEY", where);
    if (der.isEmpty()) {
      String kind =
          pem.contains("-----BEGIN EC PRIVATE KEY-----")
              ? "a SEC1 EC key (convert it " + "with 'openssl pkcs8 -topk8 -nocrypt')"
              : pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                  ? "a PKCS#8 key encrypted by "
                      + "openssl (decrypt it with 'openssl pkcs8', or use a cosign key)"
                  : pem.contains("-----BEGIN PUBLIC KEY-----")
                      ? "a public key, which cannot sign"
                      : "not a PEM private key";
      throw new SigningKeyException("The signing key " + where + " is " + kind + ": " + EXPECTED);
    }
    return fromPkcs8(der.get(), where);
  }

  /** Signs {@code payload} with SHA-256 ECDSA; the signature is ASN.1 DER, as cosign writes it. */
  public byte[] sign(byte[] payload) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(privateKey);
      ecdsa.update(payload);
      return ecdsa.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JRE signs with SHA256withECDSA", e);
    }
  }

  private static Optional<byte[]> body(String pem, String label, String where)
      throws SigningKeyException {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    if (from < 0) {
      return Optional.empty();
    }
    int to = pem.indexOf(end, from);
    if (to < 0) {
      throw new SigningKeyException(
          "The signing key "
              + where
              + " has no '"
              + end
              + "' line: it "
              + "was cut short. "
              + EXPECTED);
    }
    try {
      // Not the MIME decoder: it skips characters that are not base64 instead of refusing them.
      return Optional.of(
          Base64.getDecoder()
              .decode(pem.substring(from + begin.length(), to).replaceAll("\\s", "")));
    } catch (IllegalArgumentException e) {
      throw new SigningKeyException(
          "The signing key "
              + where
              + " has a PEM body that is not "
              + "base64 ("
              + e.getMessage()
              + "): "
              + EXPECTED,
          e);
    }
  }

  private static SigningKey fromPkcs8(byte[] der, String where) throws SigningKeyException {
    PrivateKey key = null;
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        break;
      } catch (InvalidKeySpecException e) {
        // Try the next kind, so that a wrong kind of key is named as such.
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JRE cannot read " + algorithm + " keys", e);
      }
    }
    if (key == null) {
      throw new SigningKeyException(
          "The signing key "
              + where
              + " holds no PKCS#8 private key "
              + "of a known kind: "
              + EXPECTED);
    }
    if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
      throw new SigningKeyException(
          "The signing key "
              + where
              + " is an "
              + key.getAlgorithm()
              + " key"
              + (key instanceof ECPrivateKey ec
                  ? " on a curve other than P-256 ("
                      + ec.getParams().getCurve().getField().getFieldSize()
                      + " bits)"
                  : "")
              + ": "
              + EXPECTED);
    }
    return new SigningKey(ec, publicKey(ec), where);
  }

  private static boolean isP256(ECParameterSpec params) {
    return params.getCurve().getField().getFieldSize() == 256
        && params.getOrder().equals(P256.getN())
        && params.getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger());
  }

  /** Q = d·G: PKCS#8 need not carry the public point, so it is computed. */
  private static PublicKey publicKey(ECPrivateKey key) {
    var q = P256.getG().multiply(key.getS()).normalize();
    ECPoint point =
        new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(point, key.getParams()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JRE makes EC public keys", e);
    }
  }

  @Override
  public String toString() {
    // Never the private key's value, in logs or messages.
    return "SigningKey[" + source + "]";
  }
}
