package dev.paas.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.platform.Selection;
import dev.paas.maven.support.OfferSelection;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The goals as Maven configures them from a POM's {@code <paas>} block
 * (maven-plugin-testing-harness).
 */
@MojoTest
class MojoConfigurationTest {
  private static final String POM = "src/test/resources/projects/no-main-class/pom.xml";

  @Test
  @InjectMojo(goal = "build", pom = POM)
  void thePaasBlockMapsOntoTheConfiguration(BuildMojo mojo) {
    assertThat(mojo.paas.baseImage).isEqualTo("registry.example/base/java17:1");
    assertThat(mojo.paas.image).isEqualTo("registry.example/team/orders:1.0");
    assertThat(mojo.paas.environments).containsExactly("test", "prod");
    assertThat(mojo.paas.jvmFlags).containsExactly("-Xss512k");
    assertThat(mojo.paas.user).isEqualTo("1000");
    assertThat(mojo.paas.allowInsecureRegistries).isFalse();
    assertThat(mojo.paas.appRoot).isEqualTo("/jetty/webapps/ROOT");
    assertThat(mojo.paas.platform).isEqualTo("platform.yaml");
    // The short form <option>wget</option> and the long form with environments.
    assertThat(mojo.paas.options)
        .extracting(OfferSelection::toSelection)
        .containsExactly(
            new Selection("wget", List.of()), new Selection("heap-dump", List.of("test")));
    assertThat(mojo.paas.services)
        .extracting(OfferSelection::toSelection)
        .containsExactly(new Selection("jacoco", List.of("test")));
  }

  @Test
  @InjectMojo(goal = "check", pom = POM)
  void theWaiversMapOntoTheConfiguration(CheckMojo mojo) {
    assertThat(mojo.paas.waivers).hasSize(1);
    WaiverConfiguration waiver = mojo.paas.waivers.get(0);
    assertThat(List.of(waiver.rule, waiver.id, waiver.reason, waiver.expires))
        .containsExactly("setuid", "/app/bin/ping", "legacy", "2027-01-31");
    assertThat(mojo.image).isNull();
  }

  @Test
  @InjectMojo(goal = "options", pom = "src/test/resources/projects/no-paas/pom.xml")
  void optionsListsTheEmbeddedProfileAsTableByDefault(OptionsMojo mojo) {
    assertThat(mojo.format).isEqualTo("table");
  }

  @Test
  @InjectMojo(goal = "options", pom = "src/test/resources/projects/no-paas/pom.xml")
  @MojoParameter(name = "format", value = "xml")
  void anUnknownFormatIsAClearError(OptionsMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining(
            "paas.format 'xml' is not a format of paas:options: use table or json");
  }

  @Test
  @InjectMojo(goal = "build", pom = "src/test/resources/projects/no-paas/pom.xml")
  void withoutAPaasBlockTheBuildSaysHowToWriteOne(BuildMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining(
            "The <paas> element is missing from the configuration of "
                + "dev.paas:paas-maven-plugin")
        .hasMessageContaining("<image>registry.example/team/app:${project.version}</image>")
        .as("the main class is inferred: the minimal block does not ask for it")
        .hasMessageNotContaining("<mainClass>");
  }

  @Test
  @InjectMojo(goal = "build", pom = "src/test/resources/projects/no-paas/pom.xml")
  @MojoParameter(name = "skip", value = "true")
  void skipReturnsBeforeReadingAnything(BuildMojo mojo) throws Exception {
    mojo.execute(); // no <paas>, yet no error: nothing was read
    assertThat(mojo.skip).isTrue();
  }

  @Test
  @InjectMojo(goal = "build-env", pom = POM)
  void buildEnvHasADefaultTimeoutOfTenMinutes(BuildEnvMojo mojo) {
    assertThat(mojo.timeoutSeconds).isEqualTo(600);
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  void theSandboxedRunHasDefaults(BuildMojo mojo) {
    assertThat(mojo.runRefresh).isFalse();
    assertThat(mojo.runSandbox).isEqualTo("auto");
    assertThat(mojo.runTimeout).isEqualTo(1800);
    assertThat(mojo.runMaxRootfsSize).isEqualTo(16384);
    assertThat(mojo.runMaxMemory).isEqualTo(4096);
    assertThat(mojo.runMaxProcesses).isEqualTo(4096);
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "runSandbox", value = "docker")
  void anUnknownSandboxModeIsAClearError(BuildMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("paas.run.sandbox is 'docker': use auto, root or rootless");
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "runTimeout", value = "0")
  void aRunTimeoutOfZeroIsAClearError(BuildMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining(
            "paas.run.timeout, paas.run.maxRootfsSize, paas.run.maxMemory and "
                + "paas.run.maxProcesses must be positive");
  }
}
