package dev.paas.core.check.rules;

import dev.paas.core.check.finding.AdvisoryDetail;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.vuln.AdvisorySeverity;
import dev.paas.core.check.vuln.FixedInBase;
import dev.paas.core.check.vuln.ecosystem.PackageEcosystems;
import dev.paas.core.check.vuln.osv.Advisory;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.check.vuln.osv.AdvisoryMatcher;
import dev.paas.core.check.vuln.osv.Affected;
import dev.paas.core.check.vuln.osv.Match;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.platform.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code vulnerabilities}: every OS package and Java library of the image, matched against the OSV
 * advisories with each ecosystem's own version ordering. Each match is a finding whose id is the
 * advisory's id; its severity, against the policy's threshold, decides whether it fails the build.
 * What could not be read for the inventory (a damaged package database, an unreadable jar) is a
 * finding too: the image cannot be shown to be free of those advisories.
 */
public final class VulnerabilitiesRule implements Rule {
  public static final String ID = "vulnerabilities";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "No known vulnerabilities above the policy's severity",
          "OS packages and Java libraries are matched against OSV advisories.",
          "Upgrade the package or library (or the official base), or paste the <waiver> shown "
              + "with it and give its reason",
          Policy.Level.ERROR,
          false,
          "check-vulnerabilities.html",
          "no advisories: set <vulnerabilityDb>");

  private final ImageInventory inventory;
  private final AdvisoryDb advisories;
  private final AdvisoryMatcher matcher;
  private final FixedInBase fixedInBase;

  public VulnerabilitiesRule(
      ImageInventory inventory,
      AdvisoryDb advisories,
      AdvisoryMatcher matcher,
      FixedInBase fixedInBase) {
    this.inventory = inventory;
    this.advisories = advisories;
    this.matcher = matcher;
    this.fixedInBase = fixedInBase;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(InspectedImage image) {
    List<Finding> findings = new ArrayList<>();
    for (String problem : inventory.problems()) {
      findings.add(
          Finding.of(
              ID,
              "inventory-" + Finding.fingerprint(problem),
              problem + " (its advisories cannot be matched)",
              Location.image()));
    }
    List<Finding> matched = new ArrayList<>();
    for (Match match : matcher.match(inventory, advisories)) {
      matched.add(finding(match));
    }
    matched.sort(
        Comparator.comparing(
                (Finding f) ->
                    f.advisory().flatMap(AdvisoryDetail::severity).map(s -> -s.ordinal()).orElse(1))
            .thenComparing(Finding::id)
            .thenComparing(f -> f.location().text()));
    findings.addAll(matched);
    return findings;
  }

  private Finding finding(Match match) {
    Advisory advisory = match.advisory();
    ImagePackage placed = match.pkg();
    InstalledPackage pkg = placed.installed();
    List<Affected> affected =
        advisory.affected().stream().filter(a -> a.ecosystem().equals(match.ecosystem())).toList();
    AdvisorySeverity severity = AdvisorySeverity.of(advisory, affected, advisories);
    Optional<String> base = fixedInBase.find(match);
    AdvisoryDetail detail =
        new AdvisoryDetail(
            advisory.aliases(),
            match.ecosystem(),
            pkg.name(),
            pkg.version(),
            match.fixedVersion(),
            severity.severity(),
            severity.score(),
            severity.source(),
            base);
    String message =
        advisory.id()
            + aliases(advisory)
            + " in "
            + pkg.name()
            + " "
            + pkg.version()
            + source(pkg)
            + assumed(match)
            + ", "
            + severity.severity().map(Enum::name).orElse("severity unknown")
            + severity.score().map(s -> " " + s).orElse("")
            + (advisory.summary().isBlank()
                ? ""
                : ": " + advisory.summary().strip().replaceAll("\\.$", ""))
            + "; "
            + match.fixedVersion().map(f -> "fixed in " + f).orElse("no fixed version known")
            + base.map(b -> "; the official base " + b + " has the fix").orElse("");
    Location location = Location.inLayer(placed.layer(), placed.diffId(), pkg.path(), 0);
    return new Finding(
        ID,
        advisory.id(),
        message,
        location,
        Finding.fingerprint(ID, advisory.id(), pkg.name(), pkg.path()),
        Optional.of(detail));
  }

  // A library known only by its file name was matched under a group it may not belong to.
  private static String assumed(Match match) {
    return match
        .assumedGroup()
        .map(
            g ->
                " (identified by its file name only; matched as "
                    + g
                    + match.pkg().installed().name()
                    + ", the only group the advisories know for it)")
        .orElse("");
  }

  private static String aliases(Advisory advisory) {
    return advisory.aliases().isEmpty() ? "" : " (" + String.join(", ", advisory.aliases()) + ")";
  }

  // What the advisories matched where it is not the package itself (a Debian source package).
  private static String source(InstalledPackage pkg) {
    return PackageEcosystems.of(pkg.kind()).matchedAs(pkg);
  }
}
