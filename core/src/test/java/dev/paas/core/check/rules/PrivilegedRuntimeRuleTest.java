package dev.paas.core.check.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivilegedRuntimeRuleTest {
  /** The default profile's policy.runtimeDescriptors. */
  private static final List<String> DEFAULT_GLOBS =
      List.of(
          "k8s/**",
          "kubernetes/**",
          "src/main/k8s/**",
          "src/main/kubernetes/**",
          "src/main/jkube/**",
          "helm/**/templates/**",
          "docker-compose*.yml",
          "docker-compose*.yaml",
          "compose*.yml",
          "compose*.yaml");

  @TempDir Path project;

  @Test
  void compliantDeploymentServiceAndComposeFileHaveNoFindings() throws IOException {
    write(
        "k8s/app.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders
          labels: {app: orders}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: orders}
          template:
            metadata:
              labels: {app: orders}
            spec:
              hostNetwork: false
              securityContext:
                runAsNonRoot: true
                runAsUser: 10001
                runAsGroup: 0
                fsGroup: 10001
                seccompProfile: {type: RuntimeDefault}
              containers:
                - name: app
                  image: registry.example/orders:1.0
                  ports: [{containerPort: 8080}]
                  securityContext:
                    privileged: false
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities:
                      drop: [ALL]
                      add: [NET_BIND_SERVICE]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: orders
        spec:
          selector: {app: orders}
          ports: [{port: 80, targetPort: 8080}]
        """);
    write(
        "docker-compose.yml",
        """
        services:
          orders:
            image: registry.example/orders:1.0
            user: "10001:0"
            ports: ["8080:8080"]
            network_mode: bridge
            cap_drop: [ALL]
            security_opt: ["no-new-privileges:true"]
          db:
            image: postgres:16
        """);

    assertThat(check()).isEmpty();
  }

  @Test
  void privilegedContainerIsFlaggedAtItsValue() throws IOException {
    write(
        "k8s/deploy.yaml",
        deployment(
            """
        securityContext:
          privileged: true
        """));

    assertThat(check())
        .containsExactly(
            Finding.of(
                PrivilegedRuntimeRule.ID,
                "k8s/deploy.yaml#Deployment/orders/containers/app/securityContext.privileged",
                "Deployment orders, container app: securityContext.privileged is true: a privileged "
                    + "container has every capability and device of the host; remove it",
                Location.inProject("k8s/deploy.yaml", 15, 25)));
  }

  @Test
  void privilegeEscalationAndRootAndUnmaskedProcAreFlagged() throws IOException {
    write(
        "k8s/deploy.yaml",
        deployment(
            """
        securityContext:
          allowPrivilegeEscalation: yes
          runAsUser: 0
          procMount: Unmasked
        """));

    assertThat(summary(check()))
        .containsExactly(
            tuple(
                "k8s/deploy.yaml#Deployment/orders/containers/app/securityContext"
                    + ".allowPrivilegeEscalation",
                15,
                39),
            tuple(
                "k8s/deploy.yaml#Deployment/orders/containers/app/securityContext.runAsUser",
                16,
                24),
            tuple(
                "k8s/deploy.yaml#Deployment/orders/containers/app/securityContext.procMount",
                17,
                24));
  }

  @Test
  void hostNamespacesAndPodRootAreFlaggedButNotGidZeroOrRunAsNonRootFalse() throws IOException {
    write(
        "k8s/pod.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: debug}
        spec:
          hostNetwork: true
          hostPID: true
          hostIPC: true
          securityContext:
            runAsUser: 0
            runAsGroup: 0
            runAsNonRoot: false
          containers:
            - name: shell
              image: busybox
        """);

    List<Finding> findings = check();

    assertThat(summary(findings))
        .containsExactly(
            tuple("k8s/pod.yaml#Pod/debug/hostNetwork", 5, 16),
            tuple("k8s/pod.yaml#Pod/debug/hostPID", 6, 12),
            tuple("k8s/pod.yaml#Pod/debug/hostIPC", 7, 12),
            tuple("k8s/pod.yaml#Pod/debug/securityContext.runAsUser", 9, 16));
    assertThat(findings.get(0).message()).startsWith("Pod debug: hostNetwork is true: ");
  }

  @Test
  void capabilitiesBeyondTheBaselineAreFlaggedWhateverTheSpelling() throws IOException {
    write(
        "k8s/deploy.yaml",
        deployment(
            """
        securityContext:
          capabilities:
            add: [NET_BIND_SERVICE, cap_sys_admin, ALL, CHOWN, NET_RAW]
        """));

    List<Finding> findings = check();

    String container = "k8s/deploy.yaml#Deployment/orders/containers/app/";
    assertThat(summary(findings))
        .containsExactly(
            tuple(container + "securityContext.capabilities.add/SYS_ADMIN", 16, 39),
            tuple(container + "securityContext.capabilities.add/ALL", 16, 54),
            tuple(container + "securityContext.capabilities.add/NET_RAW", 16, 66));
    assertThat(findings.get(1).message())
        .isEqualTo(
            "Deployment orders, container app: "
                + "securityContext.capabilities.add has ALL: it grants every capability, as good as "
                + "privileged mode; remove it");
  }

  @Test
  void cronJobPodSpecIsFoundUnderItsJobTemplate() throws IOException {
    write(
        "k8s/cron.yaml",
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: report
                      securityContext: {privileged: true}
        """);

    assertThat(summary(check()))
        .containsExactly(
            tuple(
                "k8s/cron.yaml#CronJob/nightly/containers/report/securityContext.privileged",
                14,
                45));
  }

  @Test
  void initAndEphemeralContainersAreChecked() throws IOException {
    write(
        "k8s/deploy.yaml",
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              initContainers:
                - name: chown
                  securityContext: {runAsUser: 0}
                - securityContext: {privileged: true}
              ephemeralContainers:
                - name: debug
                  securityContext: {capabilities: {add: [SYS_PTRACE]}}
              containers:
                - name: db
        """);

    List<Finding> findings = check();

    assertThat(summary(findings))
        .containsExactly(
            tuple(
                "k8s/deploy.yaml#StatefulSet/db/initContainers/chown/securityContext.runAsUser",
                9,
                40),
            tuple(
                "k8s/deploy.yaml#StatefulSet/db/initContainers/[1]/securityContext.privileged",
                10,
                41),
            tuple(
                "k8s/deploy.yaml#StatefulSet/db/ephemeralContainers/debug/securityContext"
                    + ".capabilities.add/SYS_PTRACE",
                13,
                50));
    assertThat(findings.get(0).message()).startsWith("StatefulSet db, init container chown: ");
  }

  @Test
  void itemsOfAListAreChecked() throws IOException {
    write(
        "kubernetes/all.yaml",
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {privileged: "true"}
          - apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              template:
                spec:
                  hostPID: true
                  containers: [{name: agent}]
        """);

    assertThat(summary(check()))
        .containsExactly(tuple("kubernetes/all.yaml#DaemonSet/agent/hostPID", 14, 20));
  }

  @Test
  void everyDocumentOfAMultiDocumentFileIsChecked() throws IOException {
    write(
        "k8s/app.yml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: one}
        spec: {hostIPC: true, containers: [{name: a}]}
        ---
        # nothing here
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: two}
        spec:
          template:
            spec:
              containers: [{name: b, securityContext: {allowPrivilegeEscalation: true}}]
        """);

    assertThat(summary(check()))
        .containsExactly(
            tuple("k8s/app.yml#Pod/one/hostIPC", 4, 17),
            tuple(
                "k8s/app.yml#Job/two/containers/b/securityContext.allowPrivilegeEscalation",
                14,
                74));
  }

  @Test
  void helmTemplateActionsAreNeutralisedAndLiteralSettingsStillFlagged() throws IOException {
    write(
        "helm/orders/templates/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "orders.fullname" . }}
          labels:
            {{- include "orders.labels" . | nindent 4 }}
        spec:
          {{- if not .Values.autoscaling.enabled }}
          replicas: {{ .Values.replicaCount }}
          {{- end }}
          template:
            spec:
              {{- with .Values.podSecurityContext }}
              securityContext:
                {{- toYaml . | nindent 8 }}
              {{- end }}
              containers:
                - name: {{ .Chart.Name }}
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                  securityContext:
                    runAsUser: {{ .Values.uid }}
                    privileged: true
                    capabilities:
                      add: [{{ .Values.extraCapability }}]
        """);
    write("helm/orders/templates/_helpers.tpl", "{{- define \"orders.fullname\" -}}x{{- end }}\n");

    List<Finding> findings = check();

    assertThat(summary(findings))
        .containsExactly(
            tuple(
                "helm/orders/templates/deployment.yaml#Deployment/{{ include \"orders.fullname\" . }}"
                    + "/containers/{{ .Chart.Name }}/securityContext.privileged",
                22,
                25));
  }

  @Test
  void composeServicesAreChecked() throws IOException {
    write(
        "docker-compose.yml",
        """
        services:
          web:
            image: nginx
            privileged: true
            cap_add: [NET_ADMIN, SETUID]
            user: "0:0"
          worker:
            network_mode: host
            pid: host
            ipc: host
            uts: host
            userns_mode: host
            user: root
            security_opt: ["no-new-privileges:false", "label:disable"]
        """);

    List<Finding> findings = check();

    assertThat(summary(findings))
        .containsExactly(
            tuple("docker-compose.yml#services/web/privileged", 4, 17),
            tuple("docker-compose.yml#services/web/cap_add/NET_ADMIN", 5, 15),
            tuple("docker-compose.yml#services/web/user", 6, 11),
            tuple("docker-compose.yml#services/worker/network_mode", 8, 19),
            tuple("docker-compose.yml#services/worker/pid", 9, 10),
            tuple("docker-compose.yml#services/worker/ipc", 10, 10),
            tuple("docker-compose.yml#services/worker/uts", 11, 10),
            tuple("docker-compose.yml#services/worker/userns_mode", 12, 18),
            tuple("docker-compose.yml#services/worker/user", 13, 11),
            tuple("docker-compose.yml#services/worker/security_opt/no-new-privileges", 14, 20));
    assertThat(findings.get(0).message())
        .isEqualTo(
            "compose service web: privileged is true: "
                + "a privileged container has every capability and device of the host; remove it");
    assertThat(findings.get(2).message()).startsWith("compose service web: user is 0:0: ");
  }

  @Test
  void composeMergeKeysAreResolvedAndTheServiceOwnSettingWins() throws IOException {
    write(
        "compose.yaml",
        """
        x-privileged: &privileged
          privileged: true
          user: "0"
        services:
          admin:
            <<: *privileged
            image: admin
          app:
            <<: *privileged
            privileged: false
            user: "1000"
        """);

    assertThat(summary(check()))
        .containsExactly(
            tuple("compose.yaml#services/admin/privileged", 2, 15),
            tuple("compose.yaml#services/admin/user", 3, 9));
  }

  @Test
  void everyOccurrenceOfARepeatedKeyIsChecked() throws IOException {
    write(
        "k8s/pod.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: sneaky}
        spec:
          hostNetwork: false
          hostNetwork: true
          containers: [{name: a}]
        """);

    assertThat(summary(check()))
        .containsExactly(tuple("k8s/pod.yaml#Pod/sneaky/hostNetwork", 6, 16));
  }

  @Test
  void jsonManifestsAreRead() throws IOException {
    write(
        "k8s/pod.json",
        "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Pod\",\n"
            + "\t\"metadata\": {\"name\": \"p\"},\n\t\"spec\": {\"hostPID\": true, \"containers\": []}\n}\n");

    assertThat(summary(check())).containsExactly(tuple("k8s/pod.json#Pod/p/hostPID", 5, 22));
  }

  @Test
  void anUnparsableDescriptorIsOneFinding() throws IOException {
    write(
        "k8s/broken.yaml",
        """
        apiVersion: v1
        kind: Pod
        spec:
          containers:
           - name: a
          securityContext: [
        """);

    List<Finding> findings = check();

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.id()).isEqualTo("k8s/broken.yaml");
    assertThat(finding.location().path()).isEqualTo("k8s/broken.yaml");
    assertThat(finding.location().line()).isPositive();
    assertThat(finding.message())
        .startsWith("k8s/broken.yaml cannot be read as YAML: ")
        .endsWith("; the rule cannot prove it safe \u2014 fix it or move it out of k8s/**");
  }

  @Test
  void aYamlAliasBombIsOneFindingQuickly() throws IOException {
    StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: Pod\nl0: &l0 [a, a, a, a, a]\n");
    for (int level = 1; level <= 12; level++) {
      bomb.append("l").append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < 8; i++) {
        bomb.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      bomb.append("]\n");
    }
    write("k8s/bomb.yaml", bomb.toString());

    List<Finding> findings = assertTimeoutPreemptively(Duration.ofSeconds(5), this::check);

    assertThat(findings)
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.id()).isEqualTo("k8s/bomb.yaml");
              assertThat(finding.message()).contains("cannot be read as YAML").contains("aliases");
            });
  }

  @Test
  void filesOutsideTheGlobsTargetAndHiddenDirectoriesAreIgnored() throws IOException {
    String privileged =
        """
        apiVersion: v1
        kind: Pod
        spec: {hostNetwork: true}
        """;
    write("deploy/pod.yaml", privileged);
    write("k8s/pod.txt", privileged);
    write("docker-compose/pod.yml", privileged);
    write("target/classes/k8s/pod.yaml", privileged);
    write("k8s/.cache/pod.yaml", privileged);
    write("k8s/settings.yaml", "services:\n  - privileged: true\nhostNetwork: true\n");
    write("k8s/kustomization.yaml", "resources: [pod.yaml]\n");

    assertThat(check()).isEmpty();
    assertThat(new PrivilegedRuntimeRule(project, List.of("target/**", "**/.cache/**")).check())
        .isEmpty();
  }

  @Test
  void aLinkOutOfTheProjectIsReportedNotFollowed(@TempDir Path outside) throws IOException {
    Path elsewhere =
        Files.writeString(
            outside.resolve("pod.yaml"),
            """
        apiVersion: v1
        kind: Pod
        metadata: {name: elsewhere}
        spec: {hostNetwork: true}
        """);
    Files.createDirectories(project.resolve("k8s"));
    Files.createSymbolicLink(project.resolve("k8s/pod.yaml"), elsewhere);
    Files.createSymbolicLink(project.resolve("k8s/shared"), outside);
    write("pods/inside.yaml", Files.readString(elsewhere).replace("elsewhere", "inside"));
    Files.createSymbolicLink(project.resolve("k8s/inside.yaml"), Path.of("../pods/inside.yaml"));

    List<Finding> findings = check();

    assertThat(summary(findings))
        .containsExactly(
            tuple("k8s/inside.yaml#Pod/inside/hostNetwork", 4, 21), tuple("k8s/pod.yaml", 0, 0));
    assertThat(findings.get(1).message())
        .startsWith("k8s/pod.yaml is a symbolic link to a file " + "outside the project");
  }

  @Test
  void aSingleStarDoesNotCrossDirectoriesAndFindingsAreSortedByFile() throws IOException {
    String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostIPC: true}\n";
    write("deploy/b.yaml", pod);
    write("deploy/a.yaml", pod);
    write("deploy/nested/c.yaml", pod);

    assertThat(new PrivilegedRuntimeRule(project, List.of("deploy/*.yaml")).check())
        .extracting(f -> f.location().path())
        .containsExactly("deploy/a.yaml", "deploy/b.yaml");
    assertThat(new PrivilegedRuntimeRule(project, List.of("deploy/**/*.yaml")).check())
        .extracting(f -> f.location().path())
        .containsExactly("deploy/a.yaml", "deploy/b.yaml", "deploy/nested/c.yaml");
  }

  private List<Finding> check() throws IOException {
    return new PrivilegedRuntimeRule(project, DEFAULT_GLOBS).check();
  }

  private void write(String relativePath, String text) throws IOException {
    Path file = project.resolve(relativePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** A Deployment 'orders' whose container 'app' has {@code settings} from line 14, column 11. */
  private static String deployment(String settings) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: orders
        spec:
          selector:
            matchLabels: {app: orders}
          template:
            metadata:
              labels: {app: orders}
            spec:
              containers:
                - name: app
        """
        + settings.indent(10);
  }

  private static List<Tuple> summary(List<Finding> findings) {
    return findings.stream()
        .map(f -> tuple(f.id(), f.location().line(), f.location().column()))
        .toList();
  }
}
