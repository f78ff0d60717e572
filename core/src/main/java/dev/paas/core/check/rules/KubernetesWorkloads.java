package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The privileged settings of the pod specs in one Kubernetes object: host namespaces, uid 0,
 * privileged containers, privilege escalation, added capabilities and unmasked {@code /proc}.
 */
final class KubernetesWorkloads {
  /** Where each workload kind keeps its pod spec. */
  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "Pod", List.of("spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "ReplicationController", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

  private static final Map<String, String> HOST_NAMESPACES =
      Map.of(
          "hostNetwork",
              "the pod shares the node's network namespace, its interfaces and the "
                  + "services listening on the node's localhost",
          "hostPID",
              "the pod shares the node's process namespace and can see and signal every "
                  + "process on the node",
          "hostIPC", "the pod shares the node's IPC namespace, its shared memory and semaphores");
  private static final List<String> CONTAINER_LISTS =
      List.of("containers", "initContainers", "ephemeralContainers");
  // A List inside a List is not something kubectl produces; the bound stops aliases from
  // nesting Lists into a walk of exponential length.
  private static final int MAX_LIST_DEPTH = 2;

  private final Descriptor descriptor;
  private final Consumer<Finding> findings;

  private KubernetesWorkloads(Descriptor descriptor, Consumer<Finding> findings) {
    this.descriptor = descriptor;
    this.findings = findings;
  }

  /**
   * Whether a YAML document is a Kubernetes object: it has a {@code kind} and an {@code
   * apiVersion}.
   */
  static boolean isObject(Node document) {
    return !Fields.at(document, "kind").isEmpty() && !Fields.at(document, "apiVersion").isEmpty();
  }

  /** Reports the privileged settings of {@code object} (a workload, or a List of them). */
  static void check(Descriptor descriptor, Node object, Consumer<Finding> findings) {
    new KubernetesWorkloads(descriptor, findings).object(object, 0);
  }

  private void object(Node object, int listDepth) {
    for (Node kindNode : Fields.at(object, "kind")) {
      String kind = descriptor.literal(kindNode).orElse("");
      if (kind.endsWith("List") && listDepth < MAX_LIST_DEPTH) {
        for (Node item : Fields.items(Fields.at(object, "items"))) {
          object(item, listDepth + 1);
        }
      }
      List<String> path = POD_SPEC.get(kind);
      if (path != null) {
        String name =
            Fields.at(object, "metadata", "name").stream()
                .findFirst()
                .map(node -> descriptor.label(node, "(unnamed)"))
                .orElse("(unnamed)");
        for (Node pod : Fields.at(object, path.toArray(String[]::new))) {
          pod(kind + "/" + name, kind + " " + name, pod);
        }
      }
    }
  }

  private void pod(String id, String who, Node pod) {
    HOST_NAMESPACES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            host -> {
              for (Node value : Fields.at(pod, host.getKey())) {
                if (isTrue(value)) {
                  report(
                      id + "/" + host.getKey(),
                      who + ": " + host.getKey() + " is true: " + host.getValue() + "; remove it",
                      value);
                }
              }
            });
    for (Node value : Fields.at(pod, "securityContext", "runAsUser")) {
      if (isZero(value)) {
        report(
            id + "/securityContext.runAsUser",
            who
                + ": securityContext.runAsUser is 0: "
                + "every container that does not set its own user runs as root; set a non-zero uid, "
                + "or remove it so the image's non-root user applies",
            value);
      }
    }
    for (String list : CONTAINER_LISTS) {
      List<Node> containers = Fields.items(Fields.at(pod, list));
      for (int i = 0; i < containers.size(); i++) {
        Node container = containers.get(i);
        String fallback = "[" + i + "]";
        String name =
            Fields.at(container, "name").stream()
                .findFirst()
                .map(node -> descriptor.label(node, fallback))
                .orElse(fallback);
        String what =
            list.equals("containers") ? "container" : list.replace("Containers", " container");
        container(id + "/" + list + "/" + name, who + ", " + what + " " + name, container);
      }
    }
  }

  private void container(String id, String who, Node container) {
    for (Node value : Fields.at(container, "securityContext", "privileged")) {
      if (isTrue(value)) {
        report(
            id + "/securityContext.privileged",
            who
                + ": securityContext.privileged is true: "
                + "a privileged container has every capability and device of the host; remove it",
            value);
      }
    }
    for (Node value : Fields.at(container, "securityContext", "allowPrivilegeEscalation")) {
      if (isTrue(value)) {
        report(
            id + "/securityContext.allowPrivilegeEscalation",
            who
                + ": securityContext.allowPrivilegeEscalation is true: its processes can gain more "
                + "privileges than their parent, through setuid files or file capabilities; set it "
                + "to false",
            value);
      }
    }
    for (Node value : Fields.at(container, "securityContext", "runAsUser")) {
      if (isZero(value)) {
        report(
            id + "/securityContext.runAsUser",
            who
                + ": securityContext.runAsUser is 0: the "
                + "container runs as root; set a non-zero uid, or remove it so the image's non-root "
                + "user applies",
            value);
      }
    }
    for (Node value :
        Fields.items(Fields.at(container, "securityContext", "capabilities", "add"))) {
      Optional<String> written = descriptor.literal(value);
      if (written.isPresent()) {
        String name = Capabilities.name(written.get());
        Capabilities.danger(name)
            .ifPresent(
                why ->
                    report(
                        id + "/securityContext.capabilities.add/" + name,
                        who
                            + ": securityContext.capabilities.add has "
                            + name
                            + ": "
                            + why
                            + "; remove it",
                        value));
      }
    }
    for (Node value : Fields.at(container, "securityContext", "procMount")) {
      if (descriptor.literal(value).filter("Unmasked"::equals).isPresent()) {
        report(
            id + "/securityContext.procMount",
            who
                + ": securityContext.procMount is "
                + "Unmasked: the container sees the host kernel's /proc and /sys interfaces that "
                + "are otherwise masked; remove it",
            value);
      }
    }
  }

  private boolean isTrue(Node value) {
    return descriptor.literal(value).filter(Literals::isTrue).isPresent();
  }

  private boolean isZero(Node value) {
    return descriptor.literal(value).filter(Literals::isZero).isPresent();
  }

  private void report(String id, String message, Node at) {
    findings.accept(descriptor.finding(id, message, at));
  }
}
