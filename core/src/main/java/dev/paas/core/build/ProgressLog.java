package dev.paas.core.build;

import com.google.cloud.tools.jib.event.events.ProgressEvent;
import dev.paas.core.BuildLog;

/**
 * Turns Jib's progress events into a log line at every further tenth of the work: at INFO for the
 * first environment's image, which does the work, and at debug for the others, which reuse its
 * layers, so a batch log does not repeat the same bar per environment.
 */
final class ProgressLog {
  private final BuildLog log;
  private final String what;
  private final boolean shown;
  private double done;
  private int lastTenth;

  ProgressLog(BuildLog log, String what, boolean shown) {
    this.log = log;
    this.what = what;
    this.shown = shown;
  }

  synchronized void accept(ProgressEvent event) {
    var allocation = event.getAllocation();
    done += event.getUnits() * allocation.getFractionOfRoot() / allocation.getAllocationUnits();
    int tenth = (int) Math.min(10, Math.floor(done * 10 + 1e-9));
    if (tenth > lastTenth) {
      lastTenth = tenth;
      String line = what + ": " + tenth * 10 + "% " + "#".repeat(tenth) + ".".repeat(10 - tenth);
      if (shown) {
        log.info(line);
      } else {
        log.debug(line);
      }
    }
  }
}
