package dev.paas.core.run;

import java.time.Duration;

/**
 * How sandboxed runs are made.
 *
 * @param sandbox how commands are isolated
 * @param refresh run every step again even when its layer is cached
 * @param timeout the time limit of one step
 * @param maxRootfsBytes the most an unpacked image file system may take on disk
 */
public record RunSettings(Sandbox.Mode sandbox, boolean refresh, Duration timeout, long maxRootfsBytes) {
  /** auto sandbox, cached layers reused, 30 minutes per step, 16 GiB of file system. */
  public static RunSettings defaults() {
    return new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(30), 16L << 30);
  }

  /**
   * The settings as a build tool's properties give them ({@code paas.run.sandbox},
   * {@code paas.run.refresh}, {@code paas.run.timeout} in seconds, {@code paas.run.maxRootfsSize}
   * in MiB), checked.
   */
  public static RunSettings of(String sandbox, boolean refresh, long timeoutSeconds, long maxRootfsMiB)
      throws dev.paas.core.PaasException {
    if (timeoutSeconds <= 0 || maxRootfsMiB <= 0) {
      throw new dev.paas.core.PaasException("paas.run.timeout and paas.run.maxRootfsSize must be "
          + "positive (seconds, MiB), not " + timeoutSeconds + " and " + maxRootfsMiB);
    }
    return new RunSettings(Sandbox.Mode.parse(sandbox), refresh, Duration.ofSeconds(timeoutSeconds),
        maxRootfsMiB << 20);
  }
}
