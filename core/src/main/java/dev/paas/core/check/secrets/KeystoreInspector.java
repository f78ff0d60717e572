package dev.paas.core.check.secrets;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Locale;

/**
 * Tells a Java keystore that holds a private or secret key from a trust store that holds only
 * certificates, without its password.
 */
final class KeystoreInspector {
  private KeystoreInspector() {}

  /** What a keystore holds, as far as can be told without its password. */
  enum Content {
    KEY,
    CERTIFICATES_ONLY,
    UNREADABLE
  }

  /** A keystore larger than this is not one a build would ship; it is not read. */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final int JKS_MAGIC = 0xFEEDFEED;
  private static final int JCEKS_MAGIC = 0xCECECECE;

  /** Whether a file of this name is a keystore worth opening. */
  static boolean isKeystoreName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jks")
        || lower.endsWith(".p12")
        || lower.endsWith(".pfx")
        || lower.endsWith(".keystore")
        || lower.endsWith(".bks")
        || lower.endsWith(".jceks")
        || lower.equals("keystore");
  }

  /** Whether {@code head} starts like a JKS or JCEKS keystore, whatever the file is called. */
  static boolean hasKeystoreMagic(byte[] head, int length) {
    if (length < 4) {
      return false;
    }
    int magic =
        ((head[0] & 0xff) << 24)
            | ((head[1] & 0xff) << 16)
            | ((head[2] & 0xff) << 8)
            | (head[3] & 0xff);
    return magic == JKS_MAGIC || magic == JCEKS_MAGIC;
  }

  /**
   * Whether a keystore that could not be read should still be reported. Its name decides: one
   * called a key store ({@code server-keystore.p12}, {@code private.jks}) most likely holds a key,
   * and a missed key is worse than a question; a trust store ({@code truststore.jks}, {@code
   * cacerts}) or a merely corrupt file is noise.
   */
  static boolean unreadableIsSuspect(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return (lower.contains("key") || lower.contains("private"))
        && !lower.contains("trust")
        && !lower.contains("cacerts");
  }

  /** What the keystore in {@code bytes} holds. */
  static Content inspect(byte[] bytes, int length) {
    if (hasKeystoreMagic(bytes, length)) {
      return readJks(bytes, length);
    }
    if (length > 0 && bytes[0] == 0x30) {
      return readPkcs12(bytes, length);
    }
    return Content.UNREADABLE;
  }

  /**
   * Walks the JKS (and JCEKS) entries by their tags: 1 is a private key, 2 a trusted certificate, 3
   * (JCEKS only) a secret key. The format needs no password to be read, only to be verified.
   */
  private static Content readJks(byte[] bytes, int length) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, length))) {
      in.readInt();
      int version = in.readInt();
      int count = in.readInt();
      if (version < 1 || version > 2 || count < 0) {
        return Content.UNREADABLE;
      }
      for (int i = 0; i < count; i++) {
        int tag = in.readInt();
        if (tag == 1 || tag == 3) {
          return Content.KEY;
        }
        if (tag != 2) {
          return Content.UNREADABLE;
        }
        in.readUTF(); // alias
        in.readLong(); // date
        if (version == 2) {
          in.readUTF(); // certificate type
        }
        skipFully(in, in.readInt());
      }
      return Content.CERTIFICATES_ONLY;
    } catch (IOException e) {
      return Content.UNREADABLE;
    }
  }

  /**
   * Loads a PKCS#12 store without a password: the JDK then skips the encrypted bags (certificates,
   * usually) and still lists the shrouded key bags as key entries. A store that shows nothing at
   * all hides everything behind its password and is unreadable.
   */
  private static Content readPkcs12(byte[] bytes, int length) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes, 0, length), null);
      boolean any = false;
      for (String alias : Collections.list(store.aliases())) {
        any = true;
        if (store.isKeyEntry(alias)) {
          return Content.KEY;
        }
      }
      return any ? Content.CERTIFICATES_ONLY : Content.UNREADABLE;
    } catch (Exception e) { // any parser failure on foreign bytes means the same: unreadable
      return Content.UNREADABLE;
    }
  }

  private static void skipFully(DataInputStream in, int n) throws IOException {
    if (n < 0) {
      throw new IOException("negative length");
    }
    in.skipNBytes(n);
  }
}
