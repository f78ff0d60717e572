package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.layer.LayerEntry;
import dev.paas.core.platform.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code world-writable}: no file or directory added above the official base is writable by
 * everyone. A directory with the sticky bit (like {@code /tmp}) is fine: only owners can delete
 * there. Symlinks are always 0777 and are not checked.
 */
public final class WorldWritableRule implements Rule {
  public static final String ID = "world-writable";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "No world-writable files added",
          "A world-writable file or directory added above the base lets any process change it.",
          "Remove write permission for others (chmod o-w), or use a directory with the sticky bit",
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
      boolean file = entry.type() == LayerEntry.Type.FILE;
      boolean dir = entry.type() == LayerEntry.Type.DIRECTORY;
      if ((file || dir) && (entry.mode() & 0002) != 0 && !(dir && (entry.mode() & 01000) != 0)) {
        findings.add(
            Finding.of(
                ID,
                entry.path(),
                (dir ? "Directory " : "File ")
                    + entry.path()
                    + " is writable by everyone (mode "
                    + String.format("%04o", entry.mode())
                    + ")",
                placed.location()));
      }
    }
    return findings;
  }
}
