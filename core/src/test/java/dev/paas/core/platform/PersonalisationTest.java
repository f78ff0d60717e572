package dev.paas.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import dev.paas.core.run.OsFamily;
import dev.paas.core.run.RunStep;
import dev.paas.core.testing.RecordingLog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonalisationTest {
  private static final List<String> BOTH = List.of("test", "prod");
  private static final String JACOCO_JAR =
      "/opt/paas/services/jacoco/org.jacoco.agent-0.8.15-runtime.jar";

  @TempDir Path repository;

  private final RecordingLog log = new RecordingLog();
  private final List<String> resolved = new ArrayList<>();
  private Path jacocoJar;
  private ArtifactResolver resolver;

  @BeforeEach
  void artifacts() throws IOException {
    jacocoJar =
        Files.write(
            repository.resolve("org.jacoco.agent-0.8.15-runtime.jar"), new byte[] {'P', 'K', 3, 4});
    resolver =
        (coordinates, extension, purpose) -> {
          resolved.add(coordinates + " " + extension + " " + purpose);
          String file =
              coordinates.equals("org.jacoco:org.jacoco.agent:0.8.15:jar:runtime")
                  ? "org.jacoco.agent-0.8.15-runtime.jar"
                  : coordinates.replace(':', '-') + ".jar";
          Path path = repository.resolve(file);
          if (!Files.exists(path)) {
            try {
              Files.writeString(path, coordinates);
            } catch (IOException e) {
              throw new PaasException(e.getMessage(), e);
            }
          }
          return path;
        };
  }

  private static Selection everywhere(String name) {
    return new Selection(name, List.of());
  }

  private static Selection in(String name, String... environments) {
    return new Selection(name, List.of(environments));
  }

  private Personalisation plan(
      PlatformProfile profile,
      List<Selection> options,
      List<Selection> services,
      List<String> built)
      throws PaasException {
    return Personalisation.plan(profile, options, services, built, resolver, log, "<paas>");
  }

  private Personalisation plan(List<Selection> options, List<Selection> services)
      throws PaasException {
    return plan(PlatformProfiles.embedded(), options, services, BOTH);
  }

  private static PlatformProfile profile(String text) throws PaasException {
    return ProfileParser.parse(text, "acme.yaml", PlatformProfiles.embedded());
  }

  @Test
  void anOptionWithCommandsForEveryEnvironmentIsOneSharedRunStep() throws PaasException {
    Personalisation plan = plan(List.of(everywhere("wget")), List.of());

    assertThat(plan.optionSteps()).hasSize(1);
    RunStep step = plan.optionSteps().get(0);
    assertThat(step.name()).isEqualTo("option wget");
    assertThat(step.scripts()).containsOnlyKeys(OsFamily.DEBIAN, OsFamily.RHEL, OsFamily.ALPINE);
    assertThat(step.scriptFor(OsFamily.ALPINE)).contains("apk add --no-cache wget");
    assertThat(step.scriptFor(OsFamily.DEBIAN).orElseThrow()).contains("apt-get install");
    assertThat(step.files()).isEmpty();
    assertThat(step.addedFiles()).isEmpty();
    for (String environment : BOTH) {
      EnvironmentAdditions additions = plan.additions(environment);
      assertThat(additions.layers()).as(environment).isEmpty();
      assertThat(additions.labels())
          .as(environment)
          .containsEntry(Personalisation.LABEL_OPTIONS, "wget");
      assertThat(additions.jvmFlags()).as(environment).isEmpty();
    }
    assertThat(resolved).isEmpty();
  }

  @Test
  void anOptionSelectedForEveryBuiltEnvironmentByNameIsSharedToo() throws PaasException {
    Personalisation plan = plan(List.of(in("wget", "prod", "test")), List.of());

    assertThat(plan.optionSteps()).extracting(RunStep::name).containsExactly("option wget");
  }

  @Test
  void anOptionsJvmFlagsGoToEveryEnvironmentForTheLauncher() throws PaasException {
    Personalisation plan = plan(List.of(everywhere("heap-dump")), List.of());

    assertThat(plan.optionSteps()).isEmpty();
    for (String environment : BOTH) {
      // An option's flags go on the launcher's command line where the plugin owns it; a
      // service's agent (below) stays in JAVA_TOOL_OPTIONS.
      assertThat(plan.additions(environment).launcherFlags())
          .as(environment)
          .containsExactly("-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=/tmp");
      assertThat(plan.additions(environment).jvmFlags()).as(environment).isEmpty();
      assertThat(plan.additions(environment).layers()).as(environment).isEmpty();
    }
  }

  @Test
  void aServiceForOneEnvironmentIsALayerAndConfigurationThereOnly() throws PaasException {
    Personalisation plan = plan(List.of(), List.of(in("jacoco", "test")));

    assertThat(resolved)
        .containsExactly("org.jacoco:org.jacoco.agent:0.8.15:jar:runtime jar the service 'jacoco'");
    assertThat(plan.optionSteps()).isEmpty();
    EnvironmentAdditions test = plan.additions("test");
    assertThat(test.layers()).hasSize(1);
    EnvironmentAdditions.Layer layer = test.layers().get(0);
    assertThat(layer.name()).isEqualTo("service jacoco");
    assertThat(layer.entries())
        .extracting(EnvironmentAdditions.Entry::path)
        .containsExactlyInAnyOrder(
            JACOCO_JAR, "/opt/paas/services/jacoco/dump.sh", "/opt/paas/services/jacoco/reset.sh");
    assertThat(layer.entries())
        .filteredOn(e -> e.path().equals(JACOCO_JAR))
        .singleElement()
        .satisfies(e -> assertThat(e.source()).contains(jacocoJar));
    assertThat(layer.entries())
        .filteredOn(e -> e.path().endsWith(".sh"))
        .allSatisfy(
            e -> {
              assertThat(e.mode()).isEqualTo(0755);
              assertThat(e.source()).isEmpty();
              assertThat(e.content()).startsWith("#!/bin/bash");
            });
    assertThat(test.jvmFlags())
        .containsExactly("-javaagent:" + JACOCO_JAR + "=output=tcpserver,address=*,port=6300");
    assertThat(test.ports()).containsExactly("6300");
    assertThat(test.labels())
        .containsEntry(Personalisation.LABEL_SERVICES, "jacoco")
        .containsEntry("dev.paas.service.jacoco.port", "6300");

    EnvironmentAdditions prod = plan.additions("prod");
    assertThat(prod).isEqualTo(EnvironmentAdditions.NONE);
  }

  @Test
  void aServicesRelativeFilesAndDirPlaceholderAreUnderItsDirectory() throws PaasException {
    Personalisation plan = plan(List.of(), List.of(everywhere("prometheus-jmx")));

    String jar =
        "/opt/paas/services/prometheus-jmx/io.prometheus.jmx-jmx_prometheus_javaagent-1.0.1.jar";
    for (String environment : BOTH) {
      EnvironmentAdditions additions = plan.additions(environment);
      assertThat(additions.layers())
          .singleElement()
          .satisfies(
              layer ->
                  assertThat(layer.entries())
                      .extracting(EnvironmentAdditions.Entry::path)
                      .containsExactlyInAnyOrder(
                          jar, "/opt/paas/services/prometheus-jmx/config.yaml"));
      assertThat(additions.jvmFlags())
          .containsExactly(
              "-javaagent:" + jar + "=9404:/opt/paas/services/prometheus-jmx/config.yaml");
    }
    assertThat(plan.optionSteps()).as("services are never shared run steps").isEmpty();
  }

  @Test
  void anUnknownOptionSuggestsTheNearestName() {
    assertThatThrownBy(() -> plan(List.of(everywhere("wegt")), List.of()))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(
            "<paas><options> names 'wegt', which the platform profile (embedded default profile) does not offer.")
        .hasMessageContaining("Did you mean 'wget'?");
  }

  @Test
  void aServiceSelectedAsAnOptionSaysItIsAService() {
    assertThatThrownBy(() -> plan(List.of(everywhere("jacoco")), List.of()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("'jacoco' is a service: select it under <services><service><name>");
    assertThatThrownBy(() -> plan(List.of(), List.of(everywhere("wget"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("'wget' is an option: select it under <options><option>");
  }

  @Test
  void anEnvironmentTheProjectDoesNotBuildSuggestsTheNearestOne() {
    assertThatThrownBy(() -> plan(List.of(), List.of(in("jacoco", "tst"))))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("names the environment 'tst', which this project does not build.")
        .hasMessageContaining("Did you mean 'test'?");
    assertThat(resolved).isEmpty();
  }

  @Test
  void aServiceTheProfileOffersOnlyInTestCannotBeSelectedForProd() throws PaasException {
    PlatformProfile profile =
        profile(
            """
        schemaVersion: 1
        services:
          jacoco:
            description: coverage, in test only
            environments: [test]
            artifact: org.jacoco:org.jacoco.agent:0.8.15:jar:runtime
        """);

    assertThatThrownBy(() -> plan(profile, List.of(), List.of(in("jacoco", "prod")), BOTH))
        .isInstanceOf(PaasException.class)
        .hasMessage(
            "The platform profile (acme.yaml) offers the service 'jacoco' only in [test], not in 'prod'");

    Personalisation plan = plan(profile, List.of(), List.of(everywhere("jacoco")), BOTH);
    assertThat(plan.additions("test").layers())
        .extracting(EnvironmentAdditions.Layer::name)
        .containsExactly("service jacoco");
    assertThat(plan.additions("prod")).isEqualTo(EnvironmentAdditions.NONE);
  }

  @Test
  void anOptionWithCommandsCannotBeLimitedToSomeEnvironments() {
    assertThatThrownBy(() -> plan(List.of(in("wget", "test")), List.of()))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(
            "The option 'wget' runs commands, so it is part of the layers every "
                + "environment shares; it cannot be limited to [test] (of [test, prod])");
  }

  @Test
  void anOptionWithoutCommandsMayBeLimitedToOneEnvironment() throws PaasException {
    Personalisation plan = plan(List.of(in("heap-dump", "prod")), List.of());

    assertThat(plan.additions("prod").launcherFlags()).contains("-XX:+HeapDumpOnOutOfMemoryError");
    assertThat(plan.additions("test")).isEqualTo(EnvironmentAdditions.NONE);
  }

  @Test
  void twoOffersSettingAVariableDifferentlyFailNamingBoth() throws PaasException {
    PlatformProfile profile =
        profile(
            """
        schemaVersion: 1
        options:
          german:
            description: German locale
            env:
              LANG: de_DE.UTF-8
        """);

    assertThatThrownBy(
            () -> plan(profile, List.of(everywhere("utf8"), everywhere("german")), List.of(), BOTH))
        .isInstanceOf(PaasException.class)
        .hasMessageStartingWith(
            "The option 'german' sets LANG=de_DE.UTF-8 but option 'utf8' sets it to C.UTF-8");
  }

  @Test
  void twoOffersSettingAVariableAlikeAgree() throws PaasException {
    PlatformProfile profile =
        profile(
            """
        schemaVersion: 1
        options:
          c-locale:
            description: C locale
            env:
              LANG: C.UTF-8
        """);

    Personalisation plan =
        plan(profile, List.of(everywhere("utf8"), everywhere("c-locale")), List.of(), BOTH);

    assertThat(plan.additions("test").env())
        .containsEntry("LANG", "C.UTF-8")
        .containsEntry("LC_ALL", "C.UTF-8");
    assertThat(plan.additions("test").labels())
        .containsEntry(Personalisation.LABEL_OPTIONS, "utf8,c-locale");
  }

  @Test
  void aSelectionNamedTwiceFails() {
    assertThatThrownBy(
            () -> plan(List.of(everywhere("wget"), in(" wget", "test", "prod")), List.of()))
        .isInstanceOf(PaasException.class)
        .hasMessage("<paas><options> names 'wget' twice");
  }

  @Test
  void aRegistrationUrlIsInTheServicesEnvironmentsOnly() throws PaasException {
    PlatformProfile profile =
        profile(
            """
        schemaVersion: 1
        services:
          tracing:
            description: tracing agent
            artifact: com.example:tracing-agent:2.0
            registration: https://centre.example/api/registrations
        """);

    Personalisation plan = plan(profile, List.of(), List.of(in("tracing", "prod")), BOTH);

    assertThat(plan.additions("prod").registrations())
        .containsExactly(
            new EnvironmentAdditions.Registration(
                "tracing", URI.create("https://centre.example/api/registrations")));
    assertThat(plan.additions("test").registrations()).isEmpty();
    assertThat(plan.additions("test")).isEqualTo(EnvironmentAdditions.NONE);
  }

  @Test
  void anOptionOfferedOnlyInAnEnvironmentNotBuiltWarnsAndChangesNothing() throws PaasException {
    PlatformProfile profile =
        profile(
            """
        schemaVersion: 1
        options:
          prod-tuning:
            description: production JVM tuning
            environments: [prod]
            jvmFlags: [-XX:+UseZGC]
        """);

    Personalisation plan =
        plan(profile, List.of(everywhere("prod-tuning")), List.of(), List.of("test"));

    assertThat(plan.optionSteps()).isEmpty();
    assertThat(plan.additions("test")).isEqualTo(EnvironmentAdditions.NONE);
    assertThat(log.lines())
        .containsExactly(
            "WARN The option 'prod-tuning' is in none of the environments "
                + "this project builds [test]: it changes nothing");
  }

  @Test
  void anOptionsFilesBecomeAddedFilesOfItsStepOrALayer() throws PaasException {
    PlatformProfile profile =
        profile(
            """
        schemaVersion: 1
        options:
          motd:
            description: a message of the day
            files:
              - path: /etc/motd
                content: welcome
        """);

    Personalisation everywhere = plan(profile, List.of(everywhere("motd")), List.of(), BOTH);
    assertThat(everywhere.optionSteps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.name()).isEqualTo("option motd");
              assertThat(step.addedFiles())
                  .containsExactly(new RunStep.AddedFile("/etc/motd", "welcome", 0644));
            });

    Personalisation testOnly = plan(profile, List.of(in("motd", "test")), List.of(), BOTH);
    assertThat(testOnly.optionSteps()).isEmpty();
    assertThat(testOnly.additions("test").layers())
        .containsExactly(
            new EnvironmentAdditions.Layer(
                "option motd",
                List.of(
                    new EnvironmentAdditions.Entry(
                        "/etc/motd", Optional.empty(), "welcome", 0644))));
    assertThat(testOnly.additions("prod")).isEqualTo(EnvironmentAdditions.NONE);
  }

  @Test
  void twoOffersGivingOneLabelDifferentValuesFailNamingBoth() throws PaasException {
    PlatformProfile profile =
        profile(
            """
        schemaVersion: 1
        options:
          team-a:
            description: a
            labels: {com.acme.owner: a}
          team-b:
            description: b
            labels: {com.acme.owner: b}
        """);

    assertThatThrownBy(
            () ->
                plan(profile, List.of(everywhere("team-a"), everywhere("team-b")), List.of(), BOTH))
        .isInstanceOf(PaasException.class)
        .hasMessage(
            "The option 'team-b' sets the label com.acme.owner=b but option 'team-a' sets it "
                + "to a: select only one of them, or ask the platform team to make them agree");
  }
}
