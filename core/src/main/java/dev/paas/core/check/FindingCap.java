package dev.paas.core.check;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.rules.VulnerabilitiesRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps a rule's findings readable and the reports' size bounded, however many an image was made to
 * produce: at most {@link #MAX_PER_PLACE} findings per rule and layer (and per rule in the config,
 * the project and the image as a whole); the rest become one finding that says how many more there
 * were, at the same level, so the verdict is the same.
 */
public final class FindingCap {
  /** Findings listed per rule and layer: far more than a person fixes in one go. */
  public static final int MAX_PER_PLACE = 100;

  /**
   * A base image with old packages has hundreds of advisories in one layer, each worth knowing:
   * vulnerabilities are listed further before they are summed up.
   */
  public static final int MAX_VULNERABILITIES_PER_PLACE = 2_000;

  private FindingCap() {}

  /** {@code findings} of {@code rule}, at most the cap per place, in their order. */
  public static List<Finding> cap(String rule, List<Finding> findings) {
    int max = rule.equals(VulnerabilitiesRule.ID) ? MAX_VULNERABILITIES_PER_PLACE : MAX_PER_PLACE;
    if (findings.size() <= max) {
      return findings;
    }
    Map<String, Integer> listed = new LinkedHashMap<>();
    Map<String, Location> places = new LinkedHashMap<>();
    Map<String, Integer> suppressed = new LinkedHashMap<>();
    List<Finding> kept = new ArrayList<>();
    for (Finding finding : findings) {
      String place = place(finding.location());
      if (listed.merge(place, 1, Integer::sum) <= max) {
        kept.add(finding);
      } else {
        places.putIfAbsent(place, finding.location());
        suppressed.merge(place, 1, Integer::sum);
      }
    }
    suppressed.forEach(
        (place, count) ->
            kept.add(
                Finding.of(
                    rule,
                    "suppressed " + place,
                    count
                        + " more "
                        + rule
                        + " finding"
                        + (count == 1 ? "" : "s")
                        + " in "
                        + place
                        + " not listed: at most "
                        + max
                        + " per rule and layer are reported. Fix those listed "
                        + "and check again",
                    summaryLocation(places.get(place)))));
    return kept;
  }

  private static String place(Location location) {
    return location.kind() == Location.Kind.LAYER_FILE
        ? "layer " + location.layerIndex()
        : location.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static Location summaryLocation(Location first) {
    return switch (first.kind()) {
      case LAYER_FILE -> Location.inLayer(first.layerIndex(), first.diffId(), "/", 0);
      case CONFIG -> Location.inConfig("");
      case PROJECT_FILE -> Location.inProject(".", 0, 0);
      case IMAGE -> Location.image();
    };
  }
}
