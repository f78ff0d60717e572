package dev.paas.core.check.secrets;

/** A secret rule file or setting that cannot be used; the message names the file and the rule. */
public final class InvalidSecretRules extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidSecretRules(String message) {
    super(message);
  }
}
