package dev.paas.core.check.rules;

import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.platform.Policy;
import java.util.List;
import java.util.stream.Collectors;

/** {@code base-inheritance}: the image's layers start with every layer of an official base. */
public final class BaseInheritanceRule implements Rule {
  public static final String ID = "base-inheritance";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "Built on an official base",
          "The image's layers (rootfs.diff_ids) must start with every layer of an official base "
              + "image, so the platform's OS, JRE and tooling are underneath whatever a team adds.",
          "Build on one of the platform's official images (see mvn paas:options), or on a custom "
              + "base built FROM one; a base rebuilt from scratch does not count",
          Policy.Level.ERROR,
          true,
          "check.html#The_rules",
          "");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(InspectedImage image) {
    if (image.base().isPresent()) {
      return List.of();
    }
    List<String> layers = image.layers().stream().map(l -> l.diffId()).toList();
    if (image.officials().isEmpty()) {
      return List.of(
          Finding.of(
              ID,
              "base",
              "No official base image is known to compare with: the "
                  + "platform profile lists no officialImages and no <baseImage> is configured",
              Location.image()));
    }
    String expected =
        image.officials().stream().map(RuleText::describe).collect(Collectors.joining("; "));
    String first =
        layers.isEmpty()
            ? "no layers"
            : "its first layer is "
                + layers.get(0)
                + (layers.size() > 1 ? " (" + layers.size() + " layers)" : "");
    return List.of(
        Finding.of(
            ID,
            "base",
            "The image is not built on an official base: its layers "
                + "do not start with all the layers of any of "
                + expected
                + "; "
                + first,
            Location.image()));
  }

  /** How a message names an official base. */
  static final class RuleText {
    private RuleText() {}

    static String describe(OfficialBase base) {
      return base.name()
          + " ("
          + base.reference()
          + "@"
          + base.digest()
          + ", "
          + base.diffIds().size()
          + " layers)";
    }
  }
}
