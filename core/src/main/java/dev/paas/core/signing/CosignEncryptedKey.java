package dev.paas.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Opens the body of a cosign encrypted private key ({@code ENCRYPTED COSIGN PRIVATE KEY} or {@code
 * ENCRYPTED SIGSTORE PRIVATE KEY}): JSON naming a scrypt key derivation and a NaCl secretbox
 * (XSalsa20-Poly1305) whose plaintext is the PKCS#8 DER private key.
 */
final class CosignEncryptedKey {
  /**
   * cosign writes N = 32768 or 65536, r = 8, p = 1. The parameters come from the file, so they are
   * bounded: scrypt takes 128·N·r bytes of memory and p times the time.
   */
  static final long MAX_SCRYPT_MEMORY = 256L * 1024 * 1024;

  static final int MAX_SCRYPT_P = 4;
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 24;
  private static final int TAG_BYTES = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  private CosignEncryptedKey() {}

  /**
   * The PKCS#8 DER key inside {@code body} (the decoded PEM body).
   *
   * @throws SigningKeyException naming {@code where} when the body is damaged or the password wrong
   */
  static byte[] open(byte[] body, String password, String where) throws SigningKeyException {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw damaged(where, "its body is not the JSON cosign writes");
    }
    JsonNode kdf = json.path("kdf");
    JsonNode cipher = json.path("cipher");
    if (!"scrypt".equals(kdf.path("name").asText())) {
      throw damaged(
          where, "its key derivation is '" + kdf.path("name").asText() + "', not 'scrypt'");
    }
    if (!"nacl/secretbox".equals(cipher.path("name").asText())) {
      throw damaged(
          where, "its cipher is '" + cipher.path("name").asText() + "', not 'nacl/secretbox'");
    }
    JsonNode params = kdf.path("params");
    long n = params.path("N").asLong(-1);
    long r = params.path("r").asLong(-1);
    long p = params.path("p").asLong(-1);
    if (n < 2
        || (n & (n - 1)) != 0
        || r < 1
        || p < 1
        || p > MAX_SCRYPT_P
        || r > MAX_SCRYPT_MEMORY / 128 / n) {
      throw damaged(
          where,
          "its scrypt parameters (N="
              + n
              + ", r="
              + r
              + ", p="
              + p
              + ") are not a power-of-two N with at most "
              + (MAX_SCRYPT_MEMORY >> 20)
              + " MB of memory and p <= "
              + MAX_SCRYPT_P
              + " (cosign writes N=32768 or 65536, r=8, p=1)");
    }
    byte[] salt = base64(kdf.path("salt"), "kdf.salt", where);
    byte[] nonce = base64(cipher.path("nonce"), "cipher.nonce", where);
    byte[] sealed = base64(json.path("ciphertext"), "ciphertext", where);
    if (nonce.length != NONCE_BYTES) {
      throw damaged(where, "its nonce has " + nonce.length + " bytes, not " + NONCE_BYTES);
    }
    if (sealed.length <= TAG_BYTES) {
      throw damaged(where, "its ciphertext is too short to hold a key");
    }
    byte[] key =
        SCrypt.generate(
            password.getBytes(StandardCharsets.UTF_8), salt, (int) n, (int) r, (int) p, KEY_BYTES);
    byte[] plain = openSecretbox(key, nonce, sealed);
    if (plain == null) {
      throw new SigningKeyException(
          "Cannot decrypt the signing key "
              + where
              + ": the password "
              + "in COSIGN_PASSWORD is not this key's password (or the file was changed). Set "
              + "COSIGN_PASSWORD to the password given to 'cosign generate-key-pair'.");
    }
    return plain;
  }

  /** NaCl's crypto_secretbox_open: Poly1305 tag, then XSalsa20 ciphertext; null if forged. */
  private static byte[] openSecretbox(byte[] key, byte[] nonce, byte[] sealed) {
    XSalsa20Engine salsa = new XSalsa20Engine();
    salsa.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
    // The first 32 bytes of the key stream are the one-time Poly1305 key, the rest encrypts.
    byte[] macKey = new byte[32];
    salsa.processBytes(new byte[32], 0, 32, macKey, 0);
    Poly1305 poly = new Poly1305();
    poly.init(new KeyParameter(macKey));
    poly.update(sealed, TAG_BYTES, sealed.length - TAG_BYTES);
    byte[] tag = new byte[TAG_BYTES];
    poly.doFinal(tag, 0);
    if (!MessageDigest.isEqual(tag, Arrays.copyOf(sealed, TAG_BYTES))) {
      return null;
    }
    byte[] plain = new byte[sealed.length - TAG_BYTES];
    salsa.processBytes(sealed, TAG_BYTES, plain.length, plain, 0);
    return plain;
  }

  private static byte[] base64(JsonNode value, String field, String where)
      throws SigningKeyException {
    if (!value.isTextual()) {
      throw damaged(where, "it has no " + field);
    }
    try {
      return Base64.getDecoder().decode(value.asText());
    } catch (IllegalArgumentException e) {
      throw damaged(where, "its " + field + " is not base64");
    }
  }

  private static SigningKeyException damaged(String where, String what) {
    return new SigningKeyException(
        "The signing key "
            + where
            + " is not a cosign encrypted key: "
            + what
            + ". Use the cosign.key written by 'cosign generate-key-pair', unchanged.");
  }
}
