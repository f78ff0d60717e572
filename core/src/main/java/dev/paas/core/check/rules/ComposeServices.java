package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The privileged settings of the services of a Compose file: privileged mode, added capabilities,
 * root, host namespaces and {@code no-new-privileges:false}.
 */
final class ComposeServices {
  /** Settings whose value {@code host} joins a namespace of the host, and what that shares. */
  private static final Map<String, String> HOST_NAMESPACES =
      Map.of(
          "network_mode",
              "the container shares the host's network namespace, its interfaces and "
                  + "the services listening on the host's localhost",
          "pid",
              "the container shares the host's process namespace and can see and signal every "
                  + "process on the host",
          "ipc", "the container shares the host's IPC namespace, its shared memory and semaphores",
          "uts", "the container shares the host's hostname and domain name, and can change them",
          "userns_mode",
              "the container's root is the host's root, outside the daemon's user "
                  + "namespace remapping");

  private static final Pattern ROOT = Pattern.compile("(root|[+-]?0+)(:.*)?");
  private static final Pattern ESCALATION = Pattern.compile("no-new-privileges\\s*[:=]\\s*false");

  private final Descriptor descriptor;
  private final Consumer<Finding> findings;

  private ComposeServices(Descriptor descriptor, Consumer<Finding> findings) {
    this.descriptor = descriptor;
    this.findings = findings;
  }

  /** Whether a YAML document is a Compose file: a {@code services} mapping and no {@code kind}. */
  static boolean isComposeFile(Node document) {
    return Fields.at(document, "kind").isEmpty()
        && Fields.at(document, "services").stream().anyMatch(s -> !Fields.of(s).isEmpty());
  }

  /** Reports the privileged settings of every service of {@code document}. */
  static void check(Descriptor descriptor, Node document, Consumer<Finding> findings) {
    ComposeServices compose = new ComposeServices(descriptor, findings);
    for (Node services : Fields.at(document, "services")) {
      for (NodeTuple service : Fields.of(services)) {
        String name = descriptor.label(service.getKeyNode(), "(unnamed)");
        compose.service("services/" + name, "compose service " + name, service.getValueNode());
      }
    }
  }

  private void service(String id, String who, Node service) {
    for (Node value : Fields.at(service, "privileged")) {
      if (literal(value).filter(Literals::isTrue).isPresent()) {
        report(
            id + "/privileged",
            who
                + ": privileged is true: a privileged container has "
                + "every capability and device of the host; remove it",
            value);
      }
    }
    for (Node value : listed(Fields.at(service, "cap_add"))) {
      literal(value)
          .map(Capabilities::name)
          .ifPresent(
              name ->
                  Capabilities.danger(name)
                      .ifPresent(
                          why ->
                              report(
                                  id + "/cap_add/" + name,
                                  who + ": cap_add has " + name + ": " + why + "; remove it",
                                  value)));
    }
    for (Node value : Fields.at(service, "user")) {
      if (literal(value).filter(user -> ROOT.matcher(user.trim()).matches()).isPresent()) {
        report(
            id + "/user",
            who
                + ": user is "
                + literal(value).orElseThrow().trim()
                + ": the container runs as root; set a non-zero uid, or remove it so the image's "
                + "non-root user applies",
            value);
      }
    }
    HOST_NAMESPACES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            host -> {
              for (Node value : Fields.at(service, host.getKey())) {
                if (literal(value)
                    .filter(mode -> mode.trim().equalsIgnoreCase("host"))
                    .isPresent()) {
                  report(
                      id + "/" + host.getKey(),
                      who + ": " + host.getKey() + " is host: " + host.getValue() + "; remove it",
                      value);
                }
              }
            });
    for (Node value : listed(Fields.at(service, "security_opt"))) {
      if (literal(value)
          .map(opt -> opt.trim().toLowerCase(Locale.ROOT))
          .filter(opt -> ESCALATION.matcher(opt).matches())
          .isPresent()) {
        report(
            id + "/security_opt/no-new-privileges",
            who
                + ": security_opt has "
                + "no-new-privileges:false: its processes can gain more privileges than their "
                + "parent, through setuid files or file capabilities; remove it or use "
                + "no-new-privileges:true",
            value);
      }
    }
  }

  // Compose takes a lone string where it expects a list of one.
  private static List<Node> listed(List<Node> values) {
    return values.stream()
        .flatMap(v -> v instanceof SequenceNode s ? s.getValue().stream() : Stream.of(v))
        .toList();
  }

  private Optional<String> literal(Node value) {
    return descriptor.literal(value);
  }

  private void report(String id, String message, Node at) {
    findings.accept(descriptor.finding(id, message, at));
  }
}
