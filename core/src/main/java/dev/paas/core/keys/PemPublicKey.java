package dev.paas.core.keys;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the platform's PEM public key, which must be the ECDSA P-256 kind cosign makes. */
public final class PemPublicKey {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";
  private static final String EXPECTED =
      "expected an ECDSA P-256 public key in PEM form ("
          + BEGIN
          + " ... "
          + END
          + "), such as the cosign.pub written by 'cosign generate-key-pair'";
  private static final ECParameterSpec P256 = p256();

  private PemPublicKey() {}

  /** The key in {@code pem}; an {@link IllegalArgumentException} says what is wrong with it. */
  public static PublicKey parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("The public key is empty: " + EXPECTED);
    }
    if (pem.contains("PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "The public key is a private key, which must never be " + "published: " + EXPECTED);
    }
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "The public key is not a PEM public key"
              + (pem.contains("-----BEGIN RSA PUBLIC KEY-----") ? " but a PKCS#1 RSA key" : "")
              + ": "
              + EXPECTED);
    }
    byte[] der;
    try {
      // Not the MIME decoder: it skips characters that are not base64 instead of refusing them.
      der =
          Base64.getDecoder()
              .decode(pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The public key's PEM body is not base64 (" + e.getMessage() + "): " + EXPECTED, e);
    }
    PublicKey key = decode(der);
    if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
      throw new IllegalArgumentException(
          "The public key is an "
              + key.getAlgorithm()
              + " key"
              + (key instanceof ECPublicKey ec
                  ? " on a curve other than P-256 ("
                      + ec.getParams().getCurve().getField().getFieldSize()
                      + " bits)"
                  : "")
              + ", which cosign signatures are not made with: "
              + EXPECTED);
    }
    return key;
  }

  private static PublicKey decode(byte[] der) {
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        // Try the next kind, so that a wrong kind of key is named as such.
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JRE cannot read " + algorithm + " keys", e);
      }
    }
    throw new IllegalArgumentException(
        "The public key's PEM body is not a SubjectPublicKeyInfo "
            + "of a known kind: "
            + EXPECTED);
  }

  private static boolean isP256(ECParameterSpec params) {
    return params.getCurve().equals(P256.getCurve())
        && params.getGenerator().equals(P256.getGenerator())
        && params.getOrder().equals(P256.getOrder())
        && params.getCofactor() == P256.getCofactor();
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JRE knows the P-256 curve", e);
    }
  }
}
