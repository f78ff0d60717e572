package dev.paas.core;

/**
 * A failure the user can act on: the message says what was wrong, where, and what to do.
 *
 * <p>Build-tool front ends show {@link #getMessage()} as it is, without a stack trace.
 */
public class PaasException extends Exception {
  private static final long serialVersionUID = 1L;

  public PaasException(String message) {
    super(message);
  }

  public PaasException(String message, Throwable cause) {
    super(message, cause);
  }
}
