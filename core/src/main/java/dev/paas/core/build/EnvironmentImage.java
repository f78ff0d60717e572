package dev.paas.core.build;

import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.paas.core.platform.EnvironmentAdditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container configuration an environment's image gets on top of what the application sets:
 * labels, environment variables (with the JVM flags of services and options in {@code
 * JAVA_TOOL_OPTIONS}, after the base's own) and exposed ports. {@code paas:build} and the Jib
 * extension both apply exactly this.
 *
 * @param labels the labels, the plugin's own last
 * @param env the environment variables to set
 * @param ports the ports to expose
 */
public record EnvironmentImage(
    Map<String, String> labels, Map<String, String> env, Set<Port> ports) {
  /** OCI label naming the base image the image was built on. */
  public static final String LABEL_BASE_NAME = "org.opencontainers.image.base.name";

  /** OCI label with the digest of that base image. */
  public static final String LABEL_BASE_DIGEST = "org.opencontainers.image.base.digest";

  /** Label naming the environment an image is for. */
  public static final String LABEL_ENVIRONMENT = "dev.paas.environment";

  /** The variable every JVM reads its extra flags from, whatever the entrypoint. */
  public static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

  public EnvironmentImage {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    ports = Collections.unmodifiableSet(new LinkedHashSet<>(ports));
  }

  /**
   * @param additions what the environment's options and services add
   * @param labels the build's own extra labels
   * @param baseName the base image as configured
   * @param baseDigest the digest the build used
   * @param environment the environment's name
   * @param toolOptions the {@code JAVA_TOOL_OPTIONS} the image would have without the additions
   *     (the base's, or what the team set), kept first
   * @param flags the application's own JVM flags that go into {@code JAVA_TOOL_OPTIONS} too
   */
  public static EnvironmentImage of(
      EnvironmentAdditions additions,
      Map<String, String> labels,
      String baseName,
      String baseDigest,
      String environment,
      String toolOptions,
      List<String> flags) {
    return of(
        additions,
        new ContainerSettings(List.of(), Map.of(), labels),
        baseName,
        baseDigest,
        environment,
        toolOptions,
        flags,
        false);
  }

  /**
   * @param additions what the environment's options and services add
   * @param team the ports, variables and labels the team sets (options and services set theirs over
   *     them; the plugin's own labels come last)
   * @param baseName the base image as configured
   * @param baseDigest the digest the build used
   * @param environment the environment's name
   * @param toolOptions the {@code JAVA_TOOL_OPTIONS} the image would have without the additions
   *     (the base's, or what the team set), kept first
   * @param flags the application's own JVM flags that go into {@code JAVA_TOOL_OPTIONS} too
   * @param ownsEntrypoint whether the options' flags are on the entrypoint's command line already
   */
  public static EnvironmentImage of(
      EnvironmentAdditions additions,
      ContainerSettings team,
      String baseName,
      String baseDigest,
      String environment,
      String toolOptions,
      List<String> flags,
      boolean ownsEntrypoint) {
    Map<String, String> allLabels = new LinkedHashMap<>(team.labels());
    allLabels.putAll(additions.labels());
    // The plugin's own labels last: nothing else may restate the base or the environment.
    allLabels.put(LABEL_BASE_NAME, baseName);
    allLabels.put(LABEL_BASE_DIGEST, baseDigest);
    allLabels.put(LABEL_ENVIRONMENT, environment);
    Map<String, String> env = new LinkedHashMap<>(team.env());
    env.putAll(additions.env());
    List<String> options = new ArrayList<>();
    options.addAll(flags);
    options.addAll(ownsEntrypoint ? additions.jvmFlags() : additions.toolOptionFlags());
    if (!options.isEmpty()) {
      if (!toolOptions.isBlank()) {
        options.add(0, toolOptions.strip());
      }
      env.put(JAVA_TOOL_OPTIONS, String.join(" ", options));
    }
    Set<Port> ports = new LinkedHashSet<>();
    List<String> allPorts = new ArrayList<>(team.ports());
    allPorts.addAll(additions.ports());
    for (String port : allPorts) {
      String[] parts = port.split("/");
      int number = Integer.parseInt(parts[0]);
      ports.add(parts.length > 1 && parts[1].equals("udp") ? Port.udp(number) : Port.tcp(number));
    }
    return new EnvironmentImage(allLabels, env, ports);
  }
}
