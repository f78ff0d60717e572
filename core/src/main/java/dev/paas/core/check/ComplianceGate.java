package dev.paas.core.check;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.check.report.ConsoleSummary;
import dev.paas.core.check.report.JsonReport;
import dev.paas.core.check.report.JunitReport;
import dev.paas.core.check.report.SarifReport;
import dev.paas.core.check.signature.CosignVerifier;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.RegistryException;
import dev.paas.core.registry.RegistryImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code paas:check} without Maven: checks images against the platform's rules, writes each
 * image's reports, and tells {@code paas:push} whether an image passed.
 */
public final class ComplianceGate {
  /**
   * An image to check.
   *
   * @param name the report's name: the environment, or {@code image}
   * @param expectedDigest the digest {@code paas:build} recorded, checked before anything else
   */
  public record Target(String name, ImageReference reference, Optional<String> expectedDigest) {}

  private final RegistryImages registries;
  private final Path cacheDirectory;
  private final BuildLog log;

  /** @param cacheDirectory this plugin's machine-wide cache ({@code .../paas}) */
  public ComplianceGate(Path cacheDirectory, CredentialSource credentials, boolean allowInsecure,
      boolean offline, BuildLog log) {
    this.cacheDirectory = cacheDirectory;
    this.registries = new RegistryImages(credentials, allowInsecure, offline, cacheDirectory);
    this.log = log;
  }

  /** Checks every target, writes its reports into {@code reportDirectory}, and returns them. */
  public List<CheckReport> check(List<Target> targets, PlatformProfile profile,
      Optional<String> configuredBase, Optional<Path> projectDirectory, List<Waiver> waivers,
      LocalDate today, Path reportDirectory, String toolVersion) throws PaasException {
    List<OfficialBase> officials = new OfficialBases(registries, log).resolve(profile, configuredBase);
    ImageCheck check = imageCheck();
    ImageOpener opener = new ImageOpener(registries);
    List<CheckReport> reports = new ArrayList<>();
    for (Target target : targets) {
      ImageCheck.Request request = new ImageCheck.Request(target.name(), target.reference().toString(),
          profile.policy(), officials, projectDirectory, waivers, today);
      CheckReport report;
      try (ImageSource image = opener.open(target.reference(), "image", "-Dpaas.image",
          "check it once online")) {
        if (target.expectedDigest().isPresent() && !target.expectedDigest().get().equals(image.digest())) {
          throw new PaasException(target.reference() + " holds " + image.digest() + ", not the "
              + target.expectedDigest().get() + " paas:build recorded: it changed after the build; "
              + "build again");
        }
        report = check.check(request, image);
      } catch (IOException e) {
        throw new PaasException("Cannot check " + target.reference() + ": " + e.getMessage(), e);
      }
      write(report, reportDirectory, toolVersion);
      ConsoleSummary.lines(report).forEach(line -> {
        if (report.passed()) {
          log.info(line);
        } else {
          log.warn(line);
        }
      });
      reports.add(report);
    }
    return reports;
  }

  /**
   * Fails early, before anything is composed, when {@code base} does not derive from an official
   * base of the profile (rule {@code base-inheritance}). A profile without official images takes
   * the project's base as the official one, so there is nothing to compare.
   */
  public void requireOfficialBase(PlatformProfile profile, ImageReference base) throws PaasException {
    if (profile.officialImages().isEmpty()) {
      return;
    }
    List<OfficialBase> officials = new OfficialBases(registries, log).resolve(profile, Optional.empty());
    List<String> layers;
    try (ImageSource image = new ImageOpener(registries).open(base, "base image", "<baseImage>",
        "build once online, or use a local base (oci-archive:, docker-archive:) in <baseImage>")) {
      layers = image.storedLayers().stream().map(ImageSource.StoredLayer::diffId).toList();
    } catch (IOException e) {
      throw new PaasException("<baseImage> " + base + " cannot be read: " + e.getMessage(), e);
    }
    if (officials.stream().noneMatch(o -> o.isPrefixOf(layers))) {
      throw new PaasException("<baseImage> " + base + " is not an official base and does not derive "
          + "from one (rule base-inheritance): its layers do not start with all the layers of any of "
          + officials.stream().map(o -> o.name() + " (" + o.reference() + ")").distinct()
              .collect(java.util.stream.Collectors.joining(", "))
          + ". Build on an official image (mvn paas:options lists them) or on a base built FROM one");
    }
  }

  /**
   * Refuses an image that has no passing report for exactly this digest: what {@code paas:push}
   * asks before it sends anything.
   */
  public static void requirePassed(Path reportDirectory, String name, String reference, String digest)
      throws PaasException {
    Path file = reportDirectory.resolve(name + ".json");
    if (!Files.isRegularFile(file)) {
      throw new PaasException("Refusing to push " + reference + " (" + name + "): it has not passed "
          + "paas:check — " + file + " does not exist. Run mvn verify (or paas:check) first");
    }
    CheckReport report;
    try {
      report = JsonReport.read(file);
    } catch (IOException e) {
      throw new PaasException("Refusing to push " + reference + " (" + name + "): its check report "
          + file + " cannot be read (" + e.getMessage() + "); run paas:check again", e);
    }
    if (!digest.equals(report.digest())) {
      throw new PaasException("Refusing to push " + reference + " (" + name + "): its check report "
          + file + " is for " + report.digest() + ", not for the image built now (" + digest
          + "); run paas:check again");
    }
    if (!report.passed()) {
      throw new PaasException("Refusing to push " + reference + " (" + name + "): paas:check found "
          + report.errors().size() + " unwaived error(s) in it (" + file + ")");
    }
  }

  private ImageCheck imageCheck() {
    return ImageCheck.withCache(cacheDirectory.resolve("check"), (base, key) -> {
      try {
        ImageReference reference = ImageReference.parse(base.reference(), "official base");
        if (!reference.isRegistry()) {
          return new dev.paas.core.check.signature.SignatureVerdict(false, base.reference()
              + " is a local archive: signatures live in a registry, next to the image");
        }
        return new CosignVerifier(registries.client(reference))
            .verify(reference.registryReference().getRepository(), base.digest(), key);
      } catch (RegistryException e) {
        throw new PaasException("Cannot read the signature of the official base " + base.reference()
            + ": " + e.getMessage(), e);
      }
    }, log);
  }

  private static void write(CheckReport report, Path directory, String toolVersion) throws PaasException {
    try {
      Files.createDirectories(directory);
      JsonReport.write(report, directory.resolve(report.name() + ".json"));
      SarifReport.write(report, directory.resolve(report.name() + ".sarif"), toolVersion);
      JunitReport.write(report, directory.resolve("TEST-paas-" + report.name() + ".xml"));
    } catch (IOException e) {
      throw new PaasException("Cannot write the check reports into " + directory + ": " + e.getMessage(), e);
    }
  }
}
