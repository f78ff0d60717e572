package dev.paas.core.build;

import dev.paas.core.PaasException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a team sets on its own image, as Jib's {@code <container>} allows: exposed ports,
 * environment variables and labels. What the platform controls (the base's OCI labels, {@code
 * dev.paas.*} labels, {@code JAVA_TOOL_OPTIONS}, which carries its services' agents) is refused
 * here, and stays in the platform profile.
 *
 * @param ports the ports to expose, {@code 8080} or {@code 8080/tcp} or {@code 53/udp}
 * @param env the environment variables
 * @param labels the labels
 */
public record ContainerSettings(
    List<String> ports, Map<String, String> env, Map<String, String> labels) {
  /** Nothing set. */
  public static final ContainerSettings NONE = new ContainerSettings(List.of(), Map.of(), Map.of());

  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp))?");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final List<String> RESERVED_LABEL_PREFIXES =
      List.of("org.opencontainers.image.base.", "dev.paas.");

  public ContainerSettings {
    ports = List.copyOf(ports);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /**
   * The settings as written in {@code block} (the front end's configuration block), checked: ports
   * in 1–65535 with an optional {@code /tcp} or {@code /udp}, variable names a shell accepts, and
   * nothing the platform reserves.
   */
  public static ContainerSettings of(
      String block, List<String> ports, Map<String, String> env, Map<String, String> labels)
      throws PaasException {
    Set<String> checked = new LinkedHashSet<>();
    for (String raw : ports) {
      String port = raw == null ? "" : raw.strip();
      Matcher m = PORT.matcher(port);
      int number = m.matches() ? Integer.parseInt(m.group(1)) : 0;
      if (number < 1 || number > 65535) {
        throw new PaasException(
            block
                + "<ports><port> '"
                + raw
                + "' is not a port: write a number "
                + "from 1 to 65535, optionally with /tcp or /udp, e.g. <port>8080</port>");
      }
      checked.add(number + (m.group(2) == null ? "" : "/" + m.group(2)));
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (Map.Entry<String, String> variable : env.entrySet()) {
      String name = variable.getKey().strip();
      if (!VARIABLE.matcher(name).matches()) {
        throw new PaasException(
            block
                + "<environment><"
                + name
                + "> is not a variable name: use "
                + "letters, digits and '_', not starting with a digit");
      }
      if (EnvironmentImage.JAVA_TOOL_OPTIONS.equals(name)) {
        throw new PaasException(
            block
                + "<environment> sets JAVA_TOOL_OPTIONS, which the platform "
                + "reserves for its services' agents: put JVM flags in "
                + block
                + "<jvmFlags> instead");
      }
      variables.put(name, variable.getValue() == null ? "" : variable.getValue());
    }
    Map<String, String> checkedLabels = new LinkedHashMap<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String name = label.getKey().strip();
      for (String reserved : RESERVED_LABEL_PREFIXES) {
        if (name.startsWith(reserved)) {
          throw new PaasException(
              block
                  + "<labels> sets "
                  + name
                  + ": labels starting with "
                  + reserved
                  + " are set by the platform (the base image, the environment, its options "
                  + "and services); choose a name of your own, e.g. com.example.team");
        }
      }
      checkedLabels.put(name, label.getValue() == null ? "" : label.getValue());
    }
    return new ContainerSettings(List.copyOf(checked), variables, checkedLabels);
  }

  /** With these ports instead. */
  public ContainerSettings withPorts(List<String> exposed) {
    return new ContainerSettings(exposed, env, labels);
  }
}
