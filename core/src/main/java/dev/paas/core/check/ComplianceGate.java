package dev.paas.core.check;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.Setting;
import dev.paas.core.base.ImageOpener;
import dev.paas.core.base.OfficialBase;
import dev.paas.core.base.OfficialBases;
import dev.paas.core.check.report.ConsoleSummary;
import dev.paas.core.check.report.JsonReport;
import dev.paas.core.check.report.JunitReport;
import dev.paas.core.check.report.SarifReport;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.secrets.InvalidSecretRules;
import dev.paas.core.check.secrets.SecretRules;
import dev.paas.core.check.signature.CosignVerifier;
import dev.paas.core.check.signature.SignatureVerdict;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.check.vuln.osv.Advisory;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.check.vuln.osv.OsvApiClient;
import dev.paas.core.check.vuln.sbom.CycloneDxSbom;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.fleet.FleetCacheSettings;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.ProvenBlobs;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.JavaLibraryIdentities;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.Policy;
import dev.paas.core.platform.SecretRuleSettings;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.RegistryException;
import dev.paas.core.registry.RegistryImages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;

/**
 * {@code paas:check} without Maven: checks images against the platform's rules, writes each image's
 * reports, and tells {@code paas:push} whether an image passed.
 */
public final class ComplianceGate {
  /**
   * An image to check.
   *
   * @param name the report's name: the environment, or {@code image}
   * @param expectedDigest the digest {@code paas:build} recorded, checked before anything else
   * @param imageName the image's registry reference when {@code reference} is its local archive
   *     ({@code registry.example/team/app:1.0-test}): the SBOM names the image by it
   */
  public record Target(
      String name,
      ImageReference reference,
      Optional<String> expectedDigest,
      Optional<String> imageName) {
    /** A target that is known by its reference alone. */
    public Target(String name, ImageReference reference, Optional<String> expectedDigest) {
      this(name, reference, expectedDigest, Optional.empty());
    }

    /** How the SBOM names the image: its registry reference, else the report's name. */
    String sbomName() {
      return imageName.orElse(reference.isRegistry() ? reference.toString() : name);
    }
  }

  /**
   * Where the {@code vulnerabilities} rule's advisories come from.
   *
   * @param database a directory of OSV JSON files or an osv.dev {@code all.zip}, loaded once per
   *     build whatever the number of images
   * @param osvApi whether the OSV API is asked too (the profile allows it and Maven is online)
   * @param osvApiUrl the API's base URL
   */
  public record Advisories(Optional<Path> database, boolean osvApi, URI osvApiUrl) {
    /** No advisories: the rule does not run. */
    public static Advisories none() {
      return new Advisories(Optional.empty(), false, OsvApiClient.DEFAULT_BASE);
    }

    boolean any() {
      return database.isPresent() || osvApi;
    }
  }

  private final RegistryImages registries;
  private final Path cacheDirectory;
  private final BuildLog log;
  private final Optional<Path> localRepository;
  private final CredentialSource credentials;
  private final boolean allowInsecure;
  private final boolean offline;
  private final Optional<String> fleetCache;

  /**
   * @param cacheDirectory this plugin's machine-wide cache ({@code .../paas})
   */
  public ComplianceGate(
      Path cacheDirectory,
      CredentialSource credentials,
      boolean allowInsecure,
      boolean offline,
      BuildLog log) {
    this(cacheDirectory, credentials, allowInsecure, offline, Optional.empty(), log);
  }

  /**
   * @param cacheDirectory this plugin's machine-wide cache ({@code .../paas})
   * @param localRepository the local Maven repository whose artifacts identify the images' jars by
   *     their bytes (the build's own), if any
   */
  public ComplianceGate(
      Path cacheDirectory,
      CredentialSource credentials,
      boolean allowInsecure,
      boolean offline,
      Optional<Path> localRepository,
      BuildLog log) {
    this(
        cacheDirectory,
        credentials,
        allowInsecure,
        offline,
        localRepository,
        Optional.empty(),
        log);
  }

  /**
   * @param fleetCache the cache setting: the fleet cache layer facts are shared through, which wins
   *     over the profile's {@code cache.repository}
   */
  public ComplianceGate(
      Path cacheDirectory,
      CredentialSource credentials,
      boolean allowInsecure,
      boolean offline,
      Optional<Path> localRepository,
      Optional<String> fleetCache,
      BuildLog log) {
    this.cacheDirectory = cacheDirectory;
    this.registries = new RegistryImages(credentials, allowInsecure, offline, cacheDirectory);
    this.log = log;
    this.localRepository = localRepository;
    this.credentials = credentials;
    this.allowInsecure = allowInsecure;
    this.offline = offline;
    this.fleetCache = fleetCache;
  }

  /** Checks every target, writes its reports into {@code reportDirectory}, and returns them. */
  public List<CheckReport> check(
      List<Target> targets,
      PlatformProfile profile,
      Optional<String> configuredBase,
      Optional<Path> projectDirectory,
      List<Waiver> waivers,
      LocalDate today,
      Advisories advisories,
      Path reportDirectory,
      String toolVersion)
      throws PaasException {
    try (OpenedTargets images = open(targets)) {
      return check(
          images,
          profile,
          configuredBase,
          projectDirectory,
          waivers,
          today,
          advisories,
          reportDirectory,
          toolVersion);
    }
  }

  /**
   * Opens the images to check and starts proving, on threads of their own, the stored bytes of the
   * layers this machine holds facts for: what the caller does before {@link #check(OpenedTargets,
   * PlatformProfile, Optional, Optional, List, LocalDate, Advisories, Path, String)} (reading the
   * platform profile) goes on beside the hashing. A target that cannot be opened fails at its turn
   * in the check. The caller closes what it returns.
   */
  public OpenedTargets open(List<Target> targets) {
    // The built-in secret rules, which most profiles use as they are, load beside the proofs too.
    inBackground(SecretRules::builtin, "paas-builtin-rules");
    Path factsCache = cacheDirectory.resolve("check");
    ImageOpener opener =
        new ImageOpener(registries, ProvenBlobs.in(factsCache.resolve("proven-v1")));
    return OpenedTargets.open(targets, opener, factsCache);
  }

  /**
   * Checks the images {@link #open} opened, writes each one's reports into {@code reportDirectory},
   * and returns them.
   */
  public List<CheckReport> check(
      OpenedTargets images,
      PlatformProfile profile,
      Optional<String> configuredBase,
      Optional<Path> projectDirectory,
      List<Waiver> waivers,
      LocalDate today,
      Advisories advisories,
      Path reportDirectory,
      String toolVersion)
      throws PaasException {
    // The secret rules load (the built-in ones compile as lines wake them; a platform's are
    // compiled and probed here) while the official bases are read.
    FutureTask<SecretRules> rules = inBackground(() -> secretRules(profile), "paas-secret-rules");
    return check(
        images,
        rules,
        profile,
        configuredBase,
        projectDirectory,
        waivers,
        today,
        advisories,
        reportDirectory,
        toolVersion,
        images.opener());
  }

  private List<CheckReport> check(
      OpenedTargets images,
      FutureTask<SecretRules> rules,
      PlatformProfile profile,
      Optional<String> configuredBase,
      Optional<Path> projectDirectory,
      List<Waiver> waivers,
      LocalDate today,
      Advisories advisories,
      Path reportDirectory,
      String toolVersion,
      ImageOpener opener)
      throws PaasException {
    List<OfficialBase> officials =
        new OfficialBases(registries, log).resolve(profile, configuredBase);
    Optional<FleetCache> fleet =
        FleetCacheSettings.of(
                fleetCache.orElse(null), profile.cache().repository(), profile.cache().push())
            .open(credentials, allowInsecure, offline, "paas-maven-plugin " + toolVersion, log);
    ImageCheck check = imageCheck(awaited(rules), fleet);
    Optional<AdvisoryDb> database =
        advisories.database().isPresent()
            ? Optional.of(loadDatabase(advisories.database().get()))
            : Optional.empty();
    if (!advisories.any()) {
      log.warn(
          "paas:check: no advisories to match, so the vulnerabilities rule does not run: set "
              + Setting.VULNERABILITY_DB.named()
              + " to a directory of OSV files or an "
              + "osv.dev all.zip, or let the platform profile allow the OSV API (advisories.osvApi)");
    }
    Map<String, Optional<ImageInventory>> baseInventories = new HashMap<>();
    List<CheckReport> reports = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Target target = images.target(i);
      ImageCheck.Outcome outcome;
      try {
        ImageSource image = images.image(i);
        if (target.expectedDigest().isPresent()
            && !target.expectedDigest().get().equals(image.digest())) {
          throw new PaasException(
              target.reference()
                  + " holds "
                  + image.digest()
                  + ", not the "
                  + target.expectedDigest().get()
                  + " the build recorded: it changed after the build; "
                  + "build again");
        }
        ImageCheck.Advisories matched =
            !advisories.osvApi()
                ? inventory -> database
                : inventory -> Optional.of(withApi(database, inventory, advisories.osvApiUrl()));
        ImageCheck.Request request =
            new ImageCheck.Request(
                target.name(),
                target.reference().toString(),
                profile.policy(),
                officials,
                projectDirectory,
                waivers,
                today,
                matched,
                base ->
                    baseInventories.computeIfAbsent(
                        base.digest(), digest -> inventoryOf(check, opener, base)));
        outcome = check.check(request, image);
      } catch (IOException e) {
        throw new PaasException("Cannot check " + target.reference() + ": " + e.getMessage(), e);
      }
      CheckReport report = outcome.report();
      // The SBOM is written beside the reports: each is mostly its library's classes loading.
      FutureTask<Void> sbom =
          inBackground(
              () -> {
                writeSbom(outcome, target, reportDirectory, toolVersion);
                return null;
              },
              "paas-sbom");
      write(report, reportDirectory, toolVersion);
      awaited(sbom);
      reports.add(report);
    }
    // Once for every image: a finding of a layer the images share is listed once.
    boolean passed = reports.stream().allMatch(CheckReport::passed);
    Set<String> off =
        RuleCatalogue.IDS.stream()
            .filter(r -> RuleCatalogue.level(profile.policy(), r) == Policy.Level.OFF)
            .collect(Collectors.toSet());
    ConsoleSummary.lines(reports, off, today)
        .forEach(
            line -> {
              if (passed) {
                log.info(line);
              } else {
                log.warn(line);
              }
            });
    return reports;
  }

  /**
   * Refuses an image that has no passing report for exactly this digest: what {@code paas:push}
   * asks before it sends anything.
   */
  public static void requirePassed(
      Path reportDirectory, String name, String reference, String digest) throws PaasException {
    Path file = reportDirectory.resolve(name + ".json");
    if (!Files.isRegularFile(file)) {
      throw new PaasException(
          "Refusing to push "
              + reference
              + " ("
              + name
              + "): it has not passed "
              + "paas:check — "
              + file
              + " does not exist. Run mvn verify (or paas:check) first");
    }
    CheckReport report;
    try {
      report = JsonReport.read(file);
    } catch (IOException e) {
      throw new PaasException(
          "Refusing to push "
              + reference
              + " ("
              + name
              + "): its check report "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "); run paas:check again",
          e);
    }
    if (!digest.equals(report.digest())) {
      throw new PaasException(
          "Refusing to push "
              + reference
              + " ("
              + name
              + "): its check report "
              + file
              + " is for "
              + report.digest()
              + ", not for the image built now ("
              + digest
              + "); run paas:check again");
    }
    if (!report.passed()) {
      throw new PaasException(
          "Refusing to push "
              + reference
              + " ("
              + name
              + "): paas:check found "
              + report.errors().size()
              + " unwaived error(s) in it ("
              + file
              + ")");
    }
  }

  /** Starts {@code work} on a thread of its own. */
  private static <T> FutureTask<T> inBackground(Callable<T> work, String name) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  /** What {@code task} returned, or what it threw. */
  private static <T> T awaited(FutureTask<T> task) throws PaasException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaasException("Interrupted while checking the images", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PaasException p) {
        throw p;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The secret rules the profile puts in force (checked when the profile was read). */
  private static SecretRules secretRules(PlatformProfile profile) throws PaasException {
    if (profile.secrets().equals(SecretRuleSettings.NONE)) {
      return SecretRules.builtin();
    }
    try {
      return SecretRules.of(profile.secrets());
    } catch (InvalidSecretRules e) {
      throw new PaasException(profile.source() + ": secrets: " + e.getMessage(), e);
    }
  }

  private ImageCheck imageCheck(SecretRules secretRules, Optional<FleetCache> fleet) {
    return ImageCheck.withCache(
        cacheDirectory.resolve("check"),
        fleet,
        secretRules,
        (base, key) -> {
          try {
            ImageReference reference = ImageReference.parse(base.reference(), "official base");
            if (!reference.isRegistry()) {
              return new SignatureVerdict(
                  false,
                  base.reference()
                      + " is a local archive: signatures live in a registry, next to the image");
            }
            return new CosignVerifier(registries.client(reference))
                .verify(reference.registryReference().getRepository(), base.digest(), key);
          } catch (RegistryException e) {
            throw new PaasException(
                "Cannot read the signature of the official base "
                    + base.reference()
                    + ": "
                    + e.getMessage(),
                e);
          }
        },
        log,
        localRepository.map(JavaLibraryIdentities::from).orElse(JavaLibraryIdentities.none()));
  }

  /** Loads the advisory database once per build (and JVM), however many images are checked. */
  private AdvisoryDb loadDatabase(Path path) throws PaasException {
    long start = System.nanoTime();
    AdvisoryDb db = AdvisoryDb.cached(path);
    log.info(
        "paas:check: "
            + db.size()
            + " advisories from "
            + path
            + " ("
            + (System.nanoTime() - start) / 1_000_000
            + " ms)");
    return db;
  }

  /** The database, with what the OSV API knows about the image's packages added. */
  private AdvisoryDb withApi(Optional<AdvisoryDb> database, ImageInventory inventory, URI url)
      throws PaasException {
    List<OsvApiClient.Query> queries = OsvApiClient.queries(inventory);
    Set<String> known =
        database
            .map(db -> db.advisories().stream().map(a -> a.id()).collect(Collectors.toSet()))
            .orElse(Set.of());
    List<Advisory> fetched = new OsvApiClient(url, Duration.ofSeconds(30)).fetch(queries, known);
    log.info(
        "paas:check: the OSV API at "
            + url
            + " gave "
            + fetched.size()
            + " advisories for "
            + queries.size()
            + " packages");
    return database.map(db -> db.merge(fetched)).orElseGet(() -> AdvisoryDb.of(fetched));
  }

  /** An official base's inventory; a base that cannot be read only loses the "fixed in" hint. */
  private Optional<ImageInventory> inventoryOf(
      ImageCheck check, ImageOpener opener, OfficialBase base) {
    try {
      ImageReference reference = ImageReference.parse(base.reference(), "official base");
      if (reference.isRegistry() && !base.reference().contains("@")) {
        reference = ImageReference.parse(base.reference() + "@" + base.digest(), "official base");
      }
      return Optional.of(inventoryOf(check, opener, reference, base));
    } catch (PaasException | IOException | RuntimeException e) {
      log.debug(
          "paas:check: cannot read the official base "
              + base.reference()
              + " for newer "
              + "fixes: "
              + e.getMessage());
      return Optional.empty();
    }
  }

  private static ImageInventory inventoryOf(
      ImageCheck check, ImageOpener opener, ImageReference reference, OfficialBase base)
      throws PaasException, IOException {
    try (ImageSource image =
        opener.open(reference, "official base", "the platform profile", "check once online")) {
      return check.inventory(image, base.reference());
    }
  }

  private static void writeSbom(
      ImageCheck.Outcome outcome, Target target, Path directory, String toolVersion)
      throws PaasException {
    CheckReport report = outcome.report();
    Path file = directory.resolve(report.name() + ".cdx.json");
    try {
      CycloneDxSbom.write(
          file,
          target.sbomName(),
          target.reference().toString(),
          report.digest(),
          outcome.inventory(),
          toolVersion);
    } catch (IOException e) {
      throw new PaasException("Cannot write the SBOM " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(CheckReport report, Path directory, String toolVersion)
      throws PaasException {
    try {
      Files.createDirectories(directory);
      JsonReport.write(report, directory.resolve(report.name() + ".json"));
      SarifReport.write(report, directory.resolve(report.name() + ".sarif"), toolVersion);
      JunitReport.write(report, directory.resolve("TEST-paas-" + report.name() + ".xml"));
    } catch (IOException e) {
      throw new PaasException(
          "Cannot write the check reports into " + directory + ": " + e.getMessage(), e);
    }
  }
}
