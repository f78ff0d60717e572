package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.util.Locale;

/**
 * What network a sandboxed step reaches; the platform profile chooses it ({@code sandbox.network}).
 */
public enum RunNetwork {
  /** A network namespace of its own with only a loopback interface: no network at all. */
  NONE,
  /**
   * A network namespace of its own, connected to the outside through user-mode networking ({@code
   * slirp4netns}), which reaches package mirrors but never the host's loopback addresses.
   */
  ISOLATED,
  /** The host's network namespace, as {@code docker build --network=host}. */
  HOST;

  /** The network named {@code text} ({@code none}, {@code isolated}, {@code host}). */
  public static RunNetwork parse(String text) throws PaasException {
    for (RunNetwork network : values()) {
      if (network.key().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return network;
      }
    }
    throw new PaasException("'" + text + "' is not a sandbox network: use none, isolated or host");
  }

  /** Its name in the profile and in logs. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
