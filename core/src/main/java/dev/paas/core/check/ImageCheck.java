package dev.paas.core.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.layer.ImageInspector;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.layer.LayerFacts;
import dev.paas.core.check.layer.LayerFactsCache;
import dev.paas.core.check.layer.LayerReader;
import dev.paas.core.check.layer.LayerScanner;
import dev.paas.core.check.layer.PackageFiles;
import dev.paas.core.check.rules.BaseSignatureRule;
import dev.paas.core.check.rules.Rule;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.rules.RuleContext;
import dev.paas.core.check.secrets.SecretRules;
import dev.paas.core.check.secrets.SecretScanner;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.Verdict;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.check.vuln.NewerBaseFix;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.image.ImageSource;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.JavaLibraryIdentities;
import dev.paas.core.platform.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one image against the platform's rules: inspects its layers (from the cache where it can),
 * runs every rule the policy has not turned off, and judges the findings.
 */
public final class ImageCheck {
  /**
   * What to check.
   *
   * @param name the report's name: the environment, or {@code image}
   * @param reference the image as the user named it
   * @param officials the official bases to compare with
   * @param projectDirectory where the project's runtime descriptors are, if there is a project
   * @param advisories the advisories to match against the image's inventory; without any the {@code
   *     vulnerabilities} rule does not run
   * @param baseInventories the official bases' inventories, to tell whether a newer one has a fix
   */
  public record Request(
      String name,
      String reference,
      Policy policy,
      List<OfficialBase> officials,
      Optional<Path> projectDirectory,
      List<Waiver> waivers,
      LocalDate today,
      Advisories advisories,
      NewerBaseFix.BaseInventories baseInventories) {}

  /** The advisories for an image, given what it has installed (the OSV API is asked for that). */
  public interface Advisories {
    Optional<AdvisoryDb> forInventory(ImageInventory inventory) throws PaasException;
  }

  /** The verdict on an image, and what it has installed (its SBOM). */
  public record Outcome(CheckReport report, ImageInventory inventory) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageInspector inspector;
  private final SecretScanner scanner;
  private final BaseSignatureRule.Signatures signatures;
  private final BuildLog log;
  private final JavaLibraryIdentities identities;

  public ImageCheck(
      ImageInspector inspector,
      SecretScanner scanner,
      BaseSignatureRule.Signatures signatures,
      BuildLog log) {
    this(inspector, scanner, signatures, log, JavaLibraryIdentities.none());
  }

  /**
   * A check whose Java libraries are also identified by {@code identities} (a local repository).
   */
  public ImageCheck(
      ImageInspector inspector,
      SecretScanner scanner,
      BaseSignatureRule.Signatures signatures,
      BuildLog log,
      JavaLibraryIdentities identities) {
    this.inspector = inspector;
    this.scanner = scanner;
    this.signatures = signatures;
    this.log = log;
    this.identities = identities;
  }

  /**
   * The check as this machine runs it: the default limits, the built-in secret rules, layer facts
   * cached under {@code factsCache}, signatures looked up through {@code signatures}.
   */
  public static ImageCheck withCache(
      Path factsCache, BaseSignatureRule.Signatures signatures, BuildLog log) {
    return withCache(
        factsCache, SecretRules.builtin(), signatures, log, JavaLibraryIdentities.none());
  }

  /**
   * {@link #withCache(Path, BaseSignatureRule.Signatures, BuildLog)}, identifying jars with {@code
   * identities}.
   */
  public static ImageCheck withCache(
      Path factsCache,
      BaseSignatureRule.Signatures signatures,
      BuildLog log,
      JavaLibraryIdentities identities) {
    return withCache(factsCache, SecretRules.builtin(), signatures, log, identities);
  }

  /** The check with the platform's secret rules. */
  public static ImageCheck withCache(
      Path factsCache,
      SecretRules secretRules,
      BaseSignatureRule.Signatures signatures,
      BuildLog log) {
    return withCache(factsCache, secretRules, signatures, log, JavaLibraryIdentities.none());
  }

  /**
   * The check with the platform's secret rules, identifying jars with {@code identities}. A layer's
   * cached facts hold the secrets found by one rule set, so each rule set has its own cache
   * directory.
   */
  public static ImageCheck withCache(
      Path factsCache,
      SecretRules secretRules,
      BaseSignatureRule.Signatures signatures,
      BuildLog log,
      JavaLibraryIdentities identities) {
    return withCache(factsCache, Optional.empty(), secretRules, signatures, log, identities);
  }

  /**
   * The check as above, with layer facts also looked up in and published to the fleet's cache in
   * the company registry, keyed by diff_id, facts version and secret rules.
   */
  public static ImageCheck withCache(
      Path factsCache,
      Optional<FleetCache> fleet,
      SecretRules secretRules,
      BaseSignatureRule.Signatures signatures,
      BuildLog log,
      JavaLibraryIdentities identities) {
    SecretScanner scanner = new SecretScanner(ArchiveLimits.DEFAULT, secretRules);
    LayerScanner layers =
        new LayerScanner(
            new LayerReader(LayerReader.Limits.DEFAULT),
            scanner::scanFile,
            new PackageFiles(ArchiveLimits.DEFAULT));
    Path cache =
        secretRules == SecretRules.builtin()
            ? factsCache
            : factsCache.resolve("rules-" + secretRules.digest().substring("sha256:".length(), 23));
    LayerFactsCache facts =
        fleet.isPresent()
            ? new LayerFactsCache(cache, fleet.get(), secretRules.digest())
            : new LayerFactsCache(cache);
    ImageInspector inspector = new ImageInspector(layers, facts, log);
    return new ImageCheck(inspector, scanner, signatures, log, identities);
  }

  /** The report for {@code image}, and its inventory. */
  public Outcome check(Request request, ImageSource image) throws PaasException, IOException {
    JsonNode config = JSON.readTree(image.configBytes());
    List<LayerFacts> layers = inspector.inspect(image, request.reference());
    InspectedImage inspected =
        InspectedImage.of(request.reference(), image.digest(), config, layers, request.officials());
    ImageInventory inventory = identities.identify(ImageInventories.of(layers));
    Map<String, List<Finding>> findings = new LinkedHashMap<>();
    RuleContext context =
        new RuleContext(
            request.policy(),
            inspected,
            inventory,
            scanner,
            signatures,
            log,
            request.projectDirectory(),
            () -> request.advisories().forInventory(inventory),
            request.baseInventories());
    for (Rule rule : RuleCatalogue.forImage(context)) {
      if (RuleCatalogue.level(request.policy(), rule.id()) != Policy.Level.OFF) {
        findings.put(rule.id(), FindingCap.cap(rule.id(), rule.check(inspected)));
      }
    }
    CheckReport report =
        Verdict.judge(
            request.name(),
            request.reference(),
            image.digest(),
            findings,
            request.policy(),
            request.waivers(),
            request.today());
    return new Outcome(report, inventory);
  }

  /** The inventory of an image, from its layers' facts (read once, cached). */
  public ImageInventory inventory(ImageSource image, String where)
      throws PaasException, IOException {
    return identities.identify(ImageInventories.of(inspector.inspect(image, where)));
  }
}
