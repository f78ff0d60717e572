package dev.paas.core.signing;

import dev.paas.core.PaasException;

/** The release signing key cannot be used: missing, damaged, locked or of the wrong kind. */
public final class SigningKeyException extends PaasException {
  private static final long serialVersionUID = 1L;

  SigningKeyException(String message) {
    super(message);
  }

  SigningKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
