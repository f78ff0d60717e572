package dev.paas.core.build;

import com.google.cloud.tools.jib.event.events.ProgressEvent;
import dev.paas.core.BuildLog;

/** Turns Jib's progress events into a log line at every further tenth of the work. */
final class ProgressLog {
  private final BuildLog log;
  private final String what;
  private double done;
  private int lastTenth;

  ProgressLog(BuildLog log, String what) {
    this.log = log;
    this.what = what;
  }

  synchronized void accept(ProgressEvent event) {
    var allocation = event.getAllocation();
    done += event.getUnits() * allocation.getFractionOfRoot() / allocation.getAllocationUnits();
    int tenth = (int) Math.min(10, Math.floor(done * 10 + 1e-9));
    if (tenth > lastTenth) {
      lastTenth = tenth;
      log.info(what + ": " + tenth * 10 + "% " + "#".repeat(tenth) + ".".repeat(10 - tenth));
    }
  }
}
