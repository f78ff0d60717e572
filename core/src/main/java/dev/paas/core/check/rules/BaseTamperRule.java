package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.layer.FileTree;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.layer.LayerEntry;
import dev.paas.core.platform.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code base-tamper}: layers above the official base do not delete or replace what the base
 * provides under the protected paths, and no entry's name climbs out of the root. Adding new files,
 * and restating a directory, is not tampering.
 */
public final class BaseTamperRule implements Rule {
  public static final String ID = "base-tamper";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "Protected base files untouched",
          "Upper layers must not delete or replace what the official base provides under the "
              + "protected paths (system binaries and libraries, certificates, /etc/shadow).",
          "Add new files instead of replacing the base's; ask the platform team for a base that "
              + "has what you need",
          Policy.Level.ERROR,
          false,
          "check.html#The_rules",
          "");

  private final List<String> protectedPaths;

  public BaseTamperRule(List<String> protectedPaths) {
    this.protectedPaths = List.copyOf(protectedPaths);
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(InspectedImage image) {
    List<Finding> findings = new ArrayList<>();
    FileTree base = FileTree.of(image.layers(), image.baseLayers(), this::isProtected);
    boolean hardLinks =
        image.upperEntries().stream().anyMatch(p -> p.entry().type() == LayerEntry.Type.HARDLINK);
    Map<String, Integer> firstLayer = hardLinks ? firstLayerOfEachPath(image) : Map.of();
    for (InspectedImage.PlacedEntry placed : image.upperEntries()) {
      LayerEntry entry = placed.entry();
      Location where = placed.location();
      if (entry.escapes()) {
        findings.add(
            Finding.of(
                ID,
                entry.path(),
                "An entry's name climbs out of the image's "
                    + "root with '..' (written here as "
                    + entry.path()
                    + "): some tools unpack it outside "
                    + "the container",
                where));
      }
      if (entry.linkEscapes()) {
        findings.add(
            Finding.of(
                ID,
                entry.path(),
                "A hard link's target climbs out of the image's "
                    + "root with '..' ("
                    + entry.link()
                    + "): some tools link it to a file of the host",
                where));
      } else if (entry.type() == LayerEntry.Type.HARDLINK
          && firstLayer.getOrDefault(entry.link(), Integer.MAX_VALUE) > placed.layer()) {
        findings.add(
            Finding.of(
                ID,
                entry.path(),
                "A hard link to "
                    + entry.link()
                    + ", which no "
                    + "layer up to this one holds: unpacking it fails, or links to whatever a later step "
                    + "puts there",
                where));
      }
      switch (entry.type()) {
        case WHITEOUT, OPAQUE -> deleted(base, entry, where, findings);
        case DIRECTORY ->
            base.get(entry.path())
                .filter(
                    n -> n.entry().type() != LayerEntry.Type.DIRECTORY && isProtected(entry.path()))
                .ifPresent(n -> findings.add(replaced(entry, n.entry(), where)));
        default ->
            base.get(entry.path())
                .filter(n -> isProtected(entry.path()))
                .ifPresent(n -> findings.add(replaced(entry, n.entry(), where)));
      }
    }
    return findings;
  }

  private void deleted(FileTree base, LayerEntry entry, Location where, List<Finding> findings) {
    boolean itself = entry.type() == LayerEntry.Type.WHITEOUT;
    List<String> lost = new ArrayList<>();
    if (itself && base.get(entry.path()).isPresent() && isProtected(entry.path())) {
      lost.add(entry.path());
    }
    base.below(entry.path()).keySet().stream().filter(this::isProtected).forEach(lost::add);
    if (!lost.isEmpty()) {
      findings.add(
          Finding.of(
              ID,
              entry.path(),
              (itself ? "Deletes " : "Empties ")
                  + entry.path()
                  + ", taking "
                  + lost.size()
                  + " protected file(s) of the official base with it, e.g. "
                  + lost.get(0),
              where));
    }
  }

  private static Finding replaced(LayerEntry entry, LayerEntry original, Location where) {
    return Finding.of(
        ID,
        entry.path(),
        "Replaces "
            + entry.path()
            + " of the official base ("
            + describe(original)
            + " becomes "
            + describe(entry)
            + ")",
        where);
  }

  private static String describe(LayerEntry entry) {
    return switch (entry.type()) {
      case SYMLINK -> "a symlink to " + entry.link();
      case HARDLINK -> "a hard link to " + entry.link();
      case DIRECTORY -> "a directory";
      case FILE -> "a file of " + entry.size() + " bytes";
      default -> entry.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }

  // The lowest layer that adds each path, for the hard links' targets.
  private static Map<String, Integer> firstLayerOfEachPath(InspectedImage image) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < image.layers().size(); i++) {
      for (LayerEntry entry : image.layers().get(i).entries()) {
        if (!entry.deletes()) {
          first.putIfAbsent(entry.path(), i);
        }
      }
    }
    return first;
  }

  private boolean isProtected(String path) {
    return protectedPaths.stream().anyMatch(p -> LayerEntry.isAtOrBelow(path, p));
  }
}
