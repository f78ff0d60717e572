package dev.paas.core.image;

import dev.paas.core.PaasException;

/** An image reference that cannot be parsed or used where it was given. */
public class InvalidReferenceException extends PaasException {
  private static final long serialVersionUID = 1L;

  public InvalidReferenceException(String message) {
    super(message);
  }
}
