package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.paas.core.PaasException;
import dev.paas.core.platform.EnvironmentAdditions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSettingsTest {
  @Test
  void acceptsPortsVariablesAndLabelsAsJibDoes() throws PaasException {
    ContainerSettings settings =
        ContainerSettings.of(
            "<paas>",
            List.of(" 8080 ", "8443/tcp", "53/udp"),
            Map.of("SPRING_PROFILES_ACTIVE", "prod"),
            Map.of("com.example.team", "orders"));

    assertThat(settings.ports()).containsExactly("8080", "8443/tcp", "53/udp");
    assertThat(settings.env()).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
    assertThat(settings.labels()).containsEntry("com.example.team", "orders");
  }

  @Test
  void refusesWhatThePlatformReserves() {
    assertThatThrownBy(
            () ->
                ContainerSettings.of(
                    "<paas>", List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g"), Map.of()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("<paas><environment> sets JAVA_TOOL_OPTIONS")
        .hasMessageContaining("<paas><jvmFlags>");
    for (String label :
        List.of(
            "org.opencontainers.image.base.name", "dev.paas.environment", "dev.paas.anything")) {
      assertThatThrownBy(
              () -> ContainerSettings.of("<paas>", List.of(), Map.of(), Map.of(label, "x")))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("<paas><labels> sets " + label)
          .hasMessageContaining("set by the platform");
    }
  }

  @Test
  void refusesWhatIsNoPortOrVariable() {
    for (String port : List.of("0", "65536", "http", "80/sctp", "-1", "")) {
      assertThatThrownBy(() -> ContainerSettings.of("<paas>", List.of(port), Map.of(), Map.of()))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("<paas><ports><port> '" + port + "' is not a port");
    }
    assertThatThrownBy(
            () -> ContainerSettings.of("<paas>", List.of(), Map.of("1BAD", "x"), Map.of()))
        .hasMessageContaining("<paas><environment><1BAD> is not a variable name");
  }

  @Test
  void theImageGetsTheTeamsSettingsUnderThePlatformsOwn() throws PaasException {
    ContainerSettings team =
        ContainerSettings.of(
            "<paas>",
            List.of("8080"),
            Map.of("LANG", "en_US.UTF-8", "TEAM", "orders"),
            Map.of("com.example.team", "orders"));
    EnvironmentAdditions utf8 =
        new EnvironmentAdditions(
            List.of(),
            Map.of("LANG", "C.UTF-8"),
            List.of(),
            Map.of(),
            List.of("6300"),
            List.of(),
            List.of("-Dfile.encoding=UTF-8"));

    EnvironmentImage owned =
        EnvironmentImage.of(utf8, team, "base:1", "sha256:b", "prod", "", List.of(), true);
    EnvironmentImage notOwned =
        EnvironmentImage.of(utf8, team, "base:1", "sha256:b", "prod", "-Xss1m", List.of(), false);

    assertThat(owned.env())
        .containsEntry("LANG", "C.UTF-8")
        .containsEntry("TEAM", "orders")
        .doesNotContainKey(EnvironmentImage.JAVA_TOOL_OPTIONS);
    assertThat(owned.ports()).containsExactly(Port.tcp(8080), Port.tcp(6300));
    assertThat(owned.labels())
        .containsEntry("com.example.team", "orders")
        .containsEntry(EnvironmentImage.LABEL_ENVIRONMENT, "prod");
    // Where the plugin does not own the entrypoint, the option's flag can only go here.
    assertThat(notOwned.env())
        .containsEntry(EnvironmentImage.JAVA_TOOL_OPTIONS, "-Xss1m -Dfile.encoding=UTF-8");
  }
}
