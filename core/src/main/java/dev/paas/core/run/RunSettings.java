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
}
