package dev.paas.core.archive;

/**
 * An archive went past one of its {@link ArchiveLimits}: unchecked so that it passes through the
 * zip reader untouched and ends the whole archive's examination at once.
 */
public final class LimitExceeded extends RuntimeException {
  private final String archive;

  public LimitExceeded(String limit, String archive) {
    super(limit, null, false, false);
    this.archive = archive;
  }

  public String archive() {
    return archive;
  }

  public String limit() {
    return getMessage();
  }
}
