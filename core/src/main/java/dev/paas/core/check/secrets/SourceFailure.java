package dev.paas.core.check.secrets;

import java.io.IOException;

/**
 * A read that failed below the level that sees it: it tells the layer's own stream failing (the
 * caller's problem) and an outer archive's broken data apart from the archive being read.
 */
final class SourceFailure extends IOException {
  private final transient Object owner;

  SourceFailure(Object owner, IOException cause) {
    super(cause.getMessage(), cause);
    this.owner = owner;
  }

  boolean isFrom(Object candidate) {
    return owner == candidate;
  }

  IOException cause() {
    return (IOException) getCause();
  }
}
