package dev.paas.core.platform;

import dev.paas.core.run.OsFamily;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the platform offers by name: an environment option (a small change) or a service of the
 * service market (an artifact with its JVM flags, scripts and registration).
 *
 * @param kind option or service
 * @param name the name a project selects it by
 * @param description one line for {@code paas:options}
 * @param environments the environments it may be used in; empty means any
 * @param run an option's shell commands per OS family, run in the image like image-env.sh
 * @param files files it adds; a service's relative paths are under its {@link #directory()}
 * @param env environment variables of the image
 * @param jvmFlags JVM flags, delivered in {@code JAVA_TOOL_OPTIONS} whatever the entrypoint
 * @param labels labels of the image
 * @param ports ports the image exposes, {@code 6300} or {@code 6300/tcp}
 * @param artifact a service's Maven artifact, {@code
 *     groupId:artifactId:version[:extension[:classifier]]}
 * @param scripts a service's scripts by name ({@code start}, {@code stop}, {@code dump}...),
 *     installed as {@code <directory>/<name>.sh}
 * @param registration where a service is registered after {@code paas:push}
 */
public record Offer(
    Kind kind,
    String name,
    String description,
    List<String> environments,
    Map<OsFamily, String> run,
    List<ImageFile> files,
    Map<String, String> env,
    List<String> jvmFlags,
    Map<String, String> labels,
    List<String> ports,
    Optional<String> artifact,
    Map<String, String> scripts,
    Optional<URI> registration) {

  /** Options and services. */
  public enum Kind {
    OPTION,
    SERVICE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where services are installed in the image. */
  public static final String SERVICES_DIRECTORY = "/opt/paas/services/";

  public Offer {
    environments = List.copyOf(environments);
    run = OrderedMaps.copy(run);
    files = List.copyOf(files);
    env = OrderedMaps.copy(env);
    jvmFlags = List.copyOf(jvmFlags);
    labels = OrderedMaps.copy(labels);
    ports = List.copyOf(ports);
    scripts = OrderedMaps.copy(scripts);
  }

  /** A service's directory in the image: {@code /opt/paas/services/<name>}. */
  public String directory() {
    return SERVICES_DIRECTORY + name;
  }

  /** Where a file goes in the image: a service's relative paths are under its directory. */
  public String pathInImage(ImageFile file) {
    return file.path().startsWith("/") ? file.path() : directory() + "/" + file.path();
  }

  /** How a profile names an OS family in {@code run}: {@code any} for the catch-all. */
  public static String familyName(OsFamily family) {
    return family == OsFamily.UNKNOWN ? "any" : family.key();
  }

  /** Whether the offer may be used in {@code environment}. */
  public boolean allows(String environment) {
    return environments.isEmpty() || environments.contains(environment);
  }

  /** What it changes, one short phrase per kind of change, for {@code paas:options}. */
  public List<String> changes() {
    List<String> changes = new ArrayList<>();
    if (!run.isEmpty()) {
      changes.add(
          "run ("
              + String.join(", ", run.keySet().stream().map(Offer::familyName).sorted().toList())
              + ")");
    }
    artifact.ifPresent(a -> changes.add("artifact " + a));
    files.forEach(f -> changes.add("file " + pathInImage(f)));
    scripts.keySet().stream()
        .sorted()
        .forEach(s -> changes.add("script " + directory() + "/" + s + ".sh"));
    env.keySet().stream().sorted().forEach(k -> changes.add("env " + k));
    jvmFlags.forEach(f -> changes.add("jvm " + f));
    labels.keySet().stream().sorted().forEach(k -> changes.add("label " + k));
    ports.forEach(p -> changes.add("port " + p));
    registration.ifPresent(r -> changes.add("registration " + r));
    return changes;
  }
}
