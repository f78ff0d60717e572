package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.layer.LayerEntry;
import dev.paas.core.platform.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code setuid}: no file added above the official base carries the setuid or setgid bit, and no
 * device node is added (both give a process more than its user's rights).
 */
public final class SetuidRule implements Rule {
  public static final String ID = "setuid";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "No setuid or setgid files added",
          "A setuid or setgid file added above the base lets a process gain privileges.",
          "Remove the setuid/setgid bit (chmod u-s,g-s) in the script or layer that adds the file",
          Policy.Level.ERROR,
          false,
          "check.html#The_rules",
          "");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(InspectedImage image) {
    List<Finding> findings = new ArrayList<>();
    for (InspectedImage.PlacedEntry placed : image.upperEntries()) {
      LayerEntry entry = placed.entry();
      if (entry.type() == LayerEntry.Type.CHAR_DEVICE
          || entry.type() == LayerEntry.Type.BLOCK_DEVICE) {
        findings.add(
            Finding.of(
                ID,
                entry.path(),
                "A device node is added: "
                    + entry.path()
                    + " gives raw access to a device; the runtime provides /dev",
                placed.location()));
      } else if (entry.type() == LayerEntry.Type.FILE && (entry.mode() & 06000) != 0) {
        String bits =
            (entry.mode() & 04000) != 0
                ? ((entry.mode() & 02000) != 0 ? "setuid and setgid" : "setuid")
                : "setgid";
        findings.add(
            Finding.of(
                ID,
                entry.path(),
                entry.path()
                    + " is "
                    + bits
                    + " (mode "
                    + String.format("%04o", entry.mode())
                    + ", owner "
                    + entry.uid()
                    + ")",
                placed.location()));
      }
    }
    return findings;
  }
}
