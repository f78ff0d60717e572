package dev.paas.core.platform;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What options and services add to one environment's image above the application: layers (on top,
 * so that environments share every layer below), and configuration.
 *
 * @param layers the layers, lowest first
 * @param env environment variables
 * @param jvmFlags the services' JVM flags, appended to {@code JAVA_TOOL_OPTIONS} so that they work
 *     whatever the entrypoint
 * @param launcherFlags the options' JVM flags: on the launcher's own command line where the plugin
 *     owns the entrypoint (a jar application), so JVMs do not print "Picked up JAVA_TOOL_OPTIONS";
 *     appended to {@code JAVA_TOOL_OPTIONS} where it does not
 * @param labels labels
 * @param ports exposed ports ({@code 6300}, {@code 53/udp})
 * @param registrations the services to register after the image is pushed
 */
public record EnvironmentAdditions(
    List<Layer> layers,
    Map<String, String> env,
    List<String> jvmFlags,
    Map<String, String> labels,
    List<String> ports,
    List<Registration> registrations,
    List<String> launcherFlags) {

  /** Nothing added. */
  public static final EnvironmentAdditions NONE =
      new EnvironmentAdditions(List.of(), Map.of(), List.of(), Map.of(), List.of(), List.of());

  public EnvironmentAdditions {
    layers = List.copyOf(layers);
    env = OrderedMaps.copy(env);
    jvmFlags = List.copyOf(jvmFlags);
    launcherFlags = List.copyOf(launcherFlags);
    labels = OrderedMaps.copy(labels);
    ports = List.copyOf(ports);
    registrations = List.copyOf(registrations);
  }

  /** Additions whose JVM flags all go into {@code JAVA_TOOL_OPTIONS}. */
  public EnvironmentAdditions(
      List<Layer> layers,
      Map<String, String> env,
      List<String> jvmFlags,
      Map<String, String> labels,
      List<String> ports,
      List<Registration> registrations) {
    this(layers, env, jvmFlags, labels, ports, registrations, List.of());
  }

  /**
   * Every JVM flag, for an image whose entrypoint the plugin does not own: the options', then the
   * services'.
   */
  public List<String> toolOptionFlags() {
    List<String> all = new ArrayList<>(launcherFlags);
    all.addAll(jvmFlags);
    return List.copyOf(all);
  }

  /**
   * A layer of files.
   *
   * @param name what it is called in logs ({@code service jacoco})
   * @param entries its files
   */
  public record Layer(String name, List<Entry> entries) {
    public Layer {
      entries = List.copyOf(entries);
    }
  }

  /**
   * A file of a layer: copied from {@code source}, or else with {@code content}.
   *
   * @param path its absolute path in the image
   * @param source the local file to copy (a resolved artifact), if any
   * @param content its text when there is no source
   * @param mode its permission bits
   */
  public record Entry(String path, Optional<Path> source, String content, int mode) {}

  /**
   * A service to register with its centre after push.
   *
   * @param service the service's name
   * @param url where the registration is POSTed
   */
  public record Registration(String service, URI url) {}
}
