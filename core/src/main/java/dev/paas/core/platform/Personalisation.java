package dev.paas.core.platform;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.run.RunStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a project's chosen options and services do to its images, planned from the platform profile:
 * the options every environment gets become one run step (one cached layer) each, below {@code
 * .paas/image-env.sh}; environment-scoped options and all services become layers and configuration
 * on top of the chosen environments' images.
 *
 * @param optionSteps the steps of the options every environment gets, in the project's order
 * @param environments what is added to each environment's image
 */
public record Personalisation(
    List<RunStep> optionSteps, Map<String, EnvironmentAdditions> environments) {
  /** Label listing the options an image has. */
  public static final String LABEL_OPTIONS = "dev.paas.options";

  /** Label listing the services an image has. */
  public static final String LABEL_SERVICES = "dev.paas.services";

  public Personalisation {
    optionSteps = List.copyOf(optionSteps);
    environments = OrderedMaps.copy(environments);
  }

  /** What is added to an environment's image. */
  public EnvironmentAdditions additions(String environment) {
    return environments.getOrDefault(environment, EnvironmentAdditions.NONE);
  }

  /**
   * Plans the project's selections, made in {@code block} (the plugin's configuration block, or the
   * Jib extension's {@code <configuration>}), which error messages name.
   */
  public static Personalisation plan(
      PlatformProfile profile,
      List<Selection> options,
      List<Selection> services,
      List<String> built,
      ArtifactResolver artifacts,
      BuildLog log,
      String block)
      throws PaasException {
    Map<String, Builder> byEnvironment = new LinkedHashMap<>();
    built.forEach(e -> byEnvironment.put(e, new Builder()));
    List<RunStep> steps = new ArrayList<>();
    for (Offer.Kind kind : Offer.Kind.values()) {
      Set<String> seen = new LinkedHashSet<>();
      for (Selection selection : kind == Offer.Kind.OPTION ? options : services) {
        Offer offer = find(profile, kind, selection.name(), block);
        if (!seen.add(offer.name())) {
          throw new PaasException(element(block, kind) + " names '" + offer.name() + "' twice");
        }
        List<String> in = environments(offer, selection, built, profile, block);
        if (in.isEmpty()) {
          log.warn(
              "The "
                  + kind.label()
                  + " '"
                  + offer.name()
                  + "' is in none of the environments "
                  + "this project builds "
                  + built
                  + ": it changes nothing");
          continue;
        }
        boolean everywhere = in.size() == built.size();
        if (kind == Offer.Kind.OPTION && everywhere) {
          if (!offer.run().isEmpty() || !offer.files().isEmpty()) {
            steps.add(
                new RunStep(
                    "option " + offer.name(),
                    offer.run(),
                    Optional.empty(),
                    Map.of(),
                    offer.files().stream()
                        .map(f -> new RunStep.AddedFile(f.path(), f.content(), f.mode()))
                        .toList()));
          }
          for (String environment : in) {
            byEnvironment.get(environment).add(offer, Optional.empty(), Map.of());
          }
          continue;
        }
        if (kind == Offer.Kind.OPTION && !offer.run().isEmpty()) {
          throw new PaasException(
              "The option '"
                  + offer.name()
                  + "' runs commands, so it is part of "
                  + "the layers every environment shares; it cannot be limited to "
                  + in
                  + " (of "
                  + built
                  + "). Select it for every environment, or ask the platform team for a variant "
                  + "without commands");
        }
        Optional<EnvironmentAdditions.Layer> layer = Optional.empty();
        Map<String, String> values = Map.of();
        if (kind == Offer.Kind.SERVICE) {
          Path file =
              artifacts.resolve(
                  offer.artifact().orElseThrow(), "jar", "the service '" + offer.name() + "'");
          String artifactPath = offer.directory() + "/" + file.getFileName();
          values = Map.of("artifact", artifactPath, "dir", offer.directory());
          layer = Optional.of(serviceLayer(offer, file, artifactPath));
        } else if (!offer.files().isEmpty()) {
          layer =
              Optional.of(
                  new EnvironmentAdditions.Layer(
                      "option " + offer.name(),
                      offer.files().stream()
                          .map(
                              f ->
                                  new EnvironmentAdditions.Entry(
                                      f.path(), Optional.empty(), f.content(), f.mode()))
                          .toList()));
        }
        for (String environment : in) {
          byEnvironment.get(environment).add(offer, layer, values);
        }
      }
    }
    Map<String, EnvironmentAdditions> additions = new LinkedHashMap<>();
    for (Map.Entry<String, Builder> entry : byEnvironment.entrySet()) {
      additions.put(entry.getKey(), entry.getValue().build());
    }
    return new Personalisation(steps, additions);
  }

  private static EnvironmentAdditions.Layer serviceLayer(
      Offer service, Path artifact, String artifactPath) {
    List<EnvironmentAdditions.Entry> entries = new ArrayList<>();
    entries.add(new EnvironmentAdditions.Entry(artifactPath, Optional.of(artifact), "", 0644));
    service
        .scripts()
        .forEach(
            (name, script) ->
                entries.add(
                    new EnvironmentAdditions.Entry(
                        service.directory() + "/" + name + ".sh", Optional.empty(), script, 0755)));
    for (ImageFile file : service.files()) {
      entries.add(
          new EnvironmentAdditions.Entry(
              service.pathInImage(file), Optional.empty(), file.content(), file.mode()));
    }
    return new EnvironmentAdditions.Layer("service " + service.name(), entries);
  }

  private static Offer find(PlatformProfile profile, Offer.Kind kind, String raw, String block)
      throws PaasException {
    String name = raw == null ? "" : raw.strip();
    Optional<Offer> offer = profile.offer(kind, name);
    if (offer.isPresent()) {
      return offer.get();
    }
    Set<String> known =
        (kind == Offer.Kind.OPTION ? profile.options() : profile.services()).keySet();
    Set<String> other =
        (kind == Offer.Kind.OPTION ? profile.services() : profile.options()).keySet();
    String elsewhere =
        other.contains(name)
            ? " '"
                + name
                + "' is a"
                + (kind == Offer.Kind.OPTION
                    ? " service: select it under <services><service><name>"
                    : "n option: select it under <options><option>")
                + "."
            : "";
    throw new PaasException(
        element(block, kind)
            + " names '"
            + name
            + "', which the platform profile ("
            + profile.source()
            + ") does not offer."
            + NearestNames.suggestion(name, known)
            + elsewhere
            + " Its "
            + kind.label()
            + "s: "
            + (known.isEmpty() ? "none" : String.join(", ", known))
            + ". 'mvn paas:options' lists them with what they do");
  }

  private static List<String> environments(
      Offer offer, Selection selection, List<String> built, PlatformProfile profile, String block)
      throws PaasException {
    for (String wanted : selection.environments()) {
      if (!built.contains(wanted)) {
        throw new PaasException(
            element(block, offer.kind())
                + " '"
                + offer.name()
                + "' names the environment '"
                + wanted
                + "', which this project does not build."
                + NearestNames.suggestion(wanted, built)
                + " Its environments: "
                + String.join(", ", built));
      }
      if (!offer.allows(wanted)) {
        throw new PaasException(
            "The platform profile ("
                + profile.source()
                + ") offers the "
                + offer.kind().label()
                + " '"
                + offer.name()
                + "' only in "
                + offer.environments()
                + ", not in '"
                + wanted
                + "'");
      }
    }
    List<String> wanted = selection.environments().isEmpty() ? built : selection.environments();
    return built.stream().filter(wanted::contains).filter(offer::allows).toList();
  }

  private static String element(String block, Offer.Kind kind) {
    return block + (kind == Offer.Kind.OPTION ? "<options>" : "<services>");
  }

  // One environment's additions, gathered offer by offer; two offers may not disagree.
  private static final class Builder {
    private final List<EnvironmentAdditions.Layer> layers = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> envOwner = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>();
    private final List<String> launcherFlags = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> labelOwner = new LinkedHashMap<>();
    private final Set<String> ports = new LinkedHashSet<>();
    private final List<EnvironmentAdditions.Registration> registrations = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private final List<String> services = new ArrayList<>();

    void add(Offer offer, Optional<EnvironmentAdditions.Layer> layer, Map<String, String> values)
        throws PaasException {
      layer.ifPresent(layers::add);
      for (Map.Entry<String, String> variable : offer.env().entrySet()) {
        agree(env, envOwner, "", variable.getKey(), fill(variable.getValue(), values), offer);
      }
      // A service's agent must load whatever the entrypoint; an option's flags may go on the
      // launcher's command line where the plugin owns it.
      List<String> flags = offer.kind() == Offer.Kind.SERVICE ? jvmFlags : launcherFlags;
      offer.jvmFlags().forEach(f -> flags.add(fill(f, values)));
      for (Map.Entry<String, String> label : offer.labels().entrySet()) {
        agree(labels, labelOwner, "the label ", label.getKey(), label.getValue(), offer);
      }
      ports.addAll(offer.ports());
      offer
          .registration()
          .ifPresent(
              url -> registrations.add(new EnvironmentAdditions.Registration(offer.name(), url)));
      (offer.kind() == Offer.Kind.OPTION ? options : services).add(offer.name());
    }

    // Sets name=value, unless an earlier offer gave it another value.
    private static void agree(
        Map<String, String> values,
        Map<String, String> owners,
        String what,
        String name,
        String value,
        Offer offer)
        throws PaasException {
      String before = values.put(name, value);
      if (before != null && !before.equals(value)) {
        throw new PaasException(
            "The "
                + offer.kind().label()
                + " '"
                + offer.name()
                + "' sets "
                + what
                + name
                + "="
                + value
                + " but "
                + owners.get(name)
                + " sets it to "
                + before
                + ": select only one of them, or ask the platform team to make them agree");
      }
      owners.put(name, offer.kind().label() + " '" + offer.name() + "'");
    }

    EnvironmentAdditions build() {
      if (!options.isEmpty()) {
        labels.put(LABEL_OPTIONS, String.join(",", options));
      }
      if (!services.isEmpty()) {
        labels.put(LABEL_SERVICES, String.join(",", services));
      }
      return new EnvironmentAdditions(
          layers, env, jvmFlags, labels, List.copyOf(ports), registrations, launcherFlags);
    }

    private static String fill(String text, Map<String, String> values) {
      String result = text;
      for (Map.Entry<String, String> value : values.entrySet()) {
        result = result.replace("${" + value.getKey() + "}", value.getValue());
      }
      return result;
    }
  }
}
