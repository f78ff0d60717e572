package dev.paas.core.registry;

import dev.paas.core.PaasException;

/** A registry answered with an error, or could not be reached. */
public class RegistryException extends PaasException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently to each. */
  public enum Reason {
    NOT_FOUND,
    UNAUTHORIZED,
    UNREACHABLE,
    INSECURE,
    FAILED,
    /**
     * The registry sent other bytes than asked for: more, fewer, too slowly, or of another digest.
     */
    DAMAGED
  }

  private final Reason reason;

  public RegistryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RegistryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
