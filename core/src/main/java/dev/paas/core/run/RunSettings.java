package dev.paas.core.run;

import dev.paas.core.PaasException;
import dev.paas.core.fleet.FleetCacheSettings;
import java.time.Duration;

/**
 * How sandboxed runs are made.
 *
 * @param sandbox how commands are isolated
 * @param refresh run every step again even when its layer is cached
 * @param timeout the time limit of one step
 * @param maxRootfsBytes the most an unpacked image file system may take on disk, and the largest
 *     file a step may write
 * @param network what network the steps reach (the platform profile's choice)
 * @param maxMemoryBytes the most memory a step's processes may use together, where cgroups allow
 * @param maxProcesses the most processes a step may have at once
 * @param fleet the fleet cache run layers are shared through, if any
 */
public record RunSettings(
    Sandbox.Mode sandbox,
    boolean refresh,
    Duration timeout,
    long maxRootfsBytes,
    RunNetwork network,
    long maxMemoryBytes,
    int maxProcesses,
    FleetCacheSettings fleet) {

  /** Settings without a fleet cache. */
  public RunSettings(
      Sandbox.Mode sandbox,
      boolean refresh,
      Duration timeout,
      long maxRootfsBytes,
      RunNetwork network,
      long maxMemoryBytes,
      int maxProcesses) {
    this(
        sandbox,
        refresh,
        timeout,
        maxRootfsBytes,
        network,
        maxMemoryBytes,
        maxProcesses,
        FleetCacheSettings.NONE);
  }

  /** 4 GiB of memory per step by default. */
  public static final long DEFAULT_MAX_MEMORY = 4L << 30;

  /** 4096 processes per step by default. */
  public static final int DEFAULT_MAX_PROCESSES = 4096;

  /** Settings with the default network, memory and process limits. */
  public RunSettings(Sandbox.Mode sandbox, boolean refresh, Duration timeout, long maxRootfsBytes) {
    this(
        sandbox,
        refresh,
        timeout,
        maxRootfsBytes,
        RunNetwork.ISOLATED,
        DEFAULT_MAX_MEMORY,
        DEFAULT_MAX_PROCESSES);
  }

  /**
   * auto sandbox, cached layers reused, 30 minutes per step, 16 GiB of file system, isolated
   * network.
   */
  public static RunSettings defaults() {
    return new RunSettings(Sandbox.Mode.AUTO, false, Duration.ofMinutes(30), 16L << 30);
  }

  /**
   * The settings as a build tool's properties give them ({@code paas.run.sandbox}, {@code
   * paas.run.refresh}, {@code paas.run.timeout} in seconds, {@code paas.run.maxRootfsSize} in MiB,
   * {@code paas.run.maxMemory} in MiB, {@code paas.run.maxProcesses}), checked.
   */
  public static RunSettings of(
      String sandbox,
      boolean refresh,
      long timeoutSeconds,
      long maxRootfsMiB,
      long maxMemoryMiB,
      long maxProcesses)
      throws PaasException {
    if (timeoutSeconds <= 0 || maxRootfsMiB <= 0 || maxMemoryMiB <= 0 || maxProcesses <= 0) {
      throw new PaasException(
          "paas.run.timeout, paas.run.maxRootfsSize, paas.run.maxMemory and "
              + "paas.run.maxProcesses must be positive (seconds, MiB, MiB, processes), not "
              + timeoutSeconds
              + ", "
              + maxRootfsMiB
              + ", "
              + maxMemoryMiB
              + " and "
              + maxProcesses);
    }
    return new RunSettings(
        Sandbox.Mode.parse(sandbox),
        refresh,
        Duration.ofSeconds(timeoutSeconds),
        maxRootfsMiB << 20,
        RunNetwork.ISOLATED,
        maxMemoryMiB << 20,
        (int) Math.min(maxProcesses, 1 << 22));
  }

  /** The settings with default memory and process limits. */
  public static RunSettings of(
      String sandbox, boolean refresh, long timeoutSeconds, long maxRootfsMiB)
      throws PaasException {
    return of(
        sandbox,
        refresh,
        timeoutSeconds,
        maxRootfsMiB,
        DEFAULT_MAX_MEMORY >> 20,
        DEFAULT_MAX_PROCESSES);
  }

  /** The same settings on the network the platform profile chose. */
  public RunSettings withNetwork(RunNetwork chosen) {
    return new RunSettings(
        sandbox, refresh, timeout, maxRootfsBytes, chosen, maxMemoryBytes, maxProcesses, fleet);
  }

  /** The same settings sharing run layers through {@code chosen}. */
  public RunSettings withFleet(FleetCacheSettings chosen) {
    return new RunSettings(
        sandbox, refresh, timeout, maxRootfsBytes, network, maxMemoryBytes, maxProcesses, chosen);
  }
}
