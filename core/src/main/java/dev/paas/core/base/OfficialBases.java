package dev.paas.core.base;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.ImageSource;
import dev.paas.core.image.InvalidReferenceException;
import dev.paas.core.platform.OfficialImage;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.registry.RegistryImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves the official base images a check compares with: every accepted tag of every official
 * image of the profile, or, where the profile names none, the project's {@code <baseImage>}.
 */
public final class OfficialBases {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tags cosign writes next to an image (signatures, attestations, SBOMs): not versions of it. */
  private static final Pattern COSIGN_TAG = Pattern.compile("sha256-[0-9a-f]{64}\\.(sig|att|sbom)");

  private final RegistryImages registries;
  private final BuildLog log;

  public OfficialBases(RegistryImages registries, BuildLog log) {
    this.registries = registries;
    this.log = log;
  }

  /**
   * The official bases; {@code configuredBase} is used only when the profile lists none, and then
   * quietly: {@code paas:build} (or the Jib extension) has said so for this build already.
   */
  public List<OfficialBase> resolve(PlatformProfile profile, Optional<String> configuredBase)
      throws PaasException {
    return resolve(profile, configuredBase, false);
  }

  private List<OfficialBase> resolve(
      PlatformProfile profile, Optional<String> configuredBase, boolean announce)
      throws PaasException {
    List<OfficialBase> bases = new ArrayList<>();
    if (profile.officialImages().isEmpty()) {
      if (configuredBase.isPresent()) {
        // Said once per build, by the step that builds: information for the embedded default
        // profile (which names none by design), a warning for a platform's own profile.
        String message =
            "No official images in the platform profile ("
                + profile.source()
                + "): "
                + configuredBase.get()
                + " is taken as the official base";
        if (!announce) {
          log.debug(message);
        } else if (PlatformProfiles.isEmbedded(profile)) {
          log.info(message);
        } else {
          log.warn(message);
        }
        ImageReference reference = parse(configuredBase.get(), "<baseImage>");
        bases.add(read(nameOf(reference), reference));
      }
      return bases;
    }
    for (OfficialImage official : profile.officialImages()) {
      ImageReference repository = parse(official.repository(), "officialImages " + official.name());
      List<String> tags = official.tags();
      if (tags.isEmpty()) {
        tags =
            registries.tags(repository).stream()
                .filter(t -> !COSIGN_TAG.matcher(t).matches())
                .toList();
      }
      for (String tag : tags) {
        bases.add(
            read(
                official.name(),
                parse(official.repository() + ":" + tag, "officialImages " + official.name())));
      }
    }
    return bases;
  }

  /**
   * Fails early, before anything is composed, when {@code base} does not derive from an official
   * base of the profile (rule {@code base-inheritance}). A profile without official images takes
   * the project's base as the official one, so there is nothing to compare.
   */
  public void requireOfficialBase(PlatformProfile profile, ImageReference base)
      throws PaasException {
    if (!profile.officialImages().isEmpty()) {
      requireOfficialBase(profile, base, Optional.empty(), "<baseImage>");
    }
  }

  /**
   * The official base {@code base} derives from, or an error naming the rule {@code
   * base-inheritance} when it derives from none.
   *
   * @param configuredOfficial the official base when the profile names none
   * @param element where the build names {@code base}, for messages ({@code <from><image>})
   */
  public OfficialBase requireOfficialBase(
      PlatformProfile profile,
      ImageReference base,
      Optional<String> configuredOfficial,
      String element)
      throws PaasException {
    try (ImageSource image =
        new ImageOpener(registries)
            .open(
                base,
                "base image",
                element,
                "build once online, or use a local base (oci-archive:, docker-archive:) in "
                    + element)) {
      return requireOfficialBase(profile, base, image, configuredOfficial, element);
    } catch (IOException e) {
      throw new PaasException(element + " " + base + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The same, for a base already opened ({@code image}, named {@code base}): what is checked is
   * exactly what the caller then builds on, whatever its tag says later.
   */
  public OfficialBase requireOfficialBase(
      PlatformProfile profile,
      ImageReference base,
      ImageSource image,
      Optional<String> configuredOfficial,
      String element)
      throws PaasException, IOException {
    List<OfficialBase> officials = resolve(profile, configuredOfficial, true);
    if (officials.isEmpty()) {
      throw new PaasException(
          "No official base to check "
              + element
              + " "
              + base
              + " against "
              + "(rule base-inheritance): the platform profile ("
              + profile.source()
              + ") names no "
              + "officialImages and no official base image is configured");
    }
    List<String> layers =
        image.storedLayers().stream().map(ImageSource.StoredLayer::diffId).toList();
    return officials.stream()
        .filter(o -> o.isPrefixOf(layers))
        .max(Comparator.comparingInt(o -> o.diffIds().size()))
        .orElseThrow(
            () ->
                new PaasException(
                    element
                        + " "
                        + base
                        + " is not an official base and "
                        + "does not derive from one (rule base-inheritance): its layers do not start with all "
                        + "the layers of any of "
                        + officials.stream()
                            .map(o -> o.name() + " (" + o.reference() + ")")
                            .distinct()
                            .collect(Collectors.joining(", "))
                        + ". Build on an official image (mvn paas:options lists them) or on a base built FROM one"));
  }

  // A configured official base is named as its repository is (java17), or its archive.
  private static String nameOf(ImageReference reference) {
    String path =
        reference.isRegistry()
            ? reference.registryReference().getRepository()
            : reference.path().getFileName().toString();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private OfficialBase read(String name, ImageReference reference) throws PaasException {
    try (ImageSource image = open(reference)) {
      List<String> diffIds = new ArrayList<>();
      var config = JSON.readTree(image.configBytes());
      config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
      return new OfficialBase(
          name,
          reference.toString(),
          image.digest(),
          diffIds,
          config.path("config").path("User").asText(""));
    } catch (IOException e) {
      throw new PaasException(
          "The official base " + reference + " cannot be read: " + e.getMessage(), e);
    }
  }

  private ImageSource open(ImageReference reference) throws PaasException {
    return new ImageOpener(registries)
        .open(
            reference,
            "official base image",
            "the platform profile's officialImages",
            "check once online, so its layers are known here");
  }

  private static ImageReference parse(String text, String element) throws PaasException {
    try {
      return ImageReference.parse(text, element);
    } catch (InvalidReferenceException e) {
      throw new PaasException(e.getMessage(), e);
    }
  }
}
