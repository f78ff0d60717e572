package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.layer.LayerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code world-writable}: no file or directory added above the official base is writable by
 * everyone. A directory with the sticky bit (like {@code /tmp}) is fine: only owners can delete
 * there. Symlinks are always 0777 and are not checked.
 */
public final class WorldWritableRule implements Rule {
  public static final String ID = "world-writable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> check(InspectedImage image) {
    List<Finding> findings = new ArrayList<>();
    for (InspectedImage.PlacedEntry placed : image.upperEntries()) {
      LayerEntry entry = placed.entry();
      boolean file = entry.type() == LayerEntry.Type.FILE;
      boolean dir = entry.type() == LayerEntry.Type.DIRECTORY;
      if ((file || dir) && (entry.mode() & 0002) != 0 && !(dir && (entry.mode() & 01000) != 0)) {
        findings.add(Finding.of(ID, entry.path(), (dir ? "Directory " : "File ") + entry.path()
            + " is writable by everyone (mode " + String.format("%04o", entry.mode()) + ")",
            placed.location()));
      }
    }
    return findings;
  }
}
