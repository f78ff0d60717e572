package dev.paas.maven.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/** What the extension reads of the Jib build around it, as Jib itself reads it. */
class JibProjectTest {
  private final Properties user = new Properties();
  private final Properties system = new Properties();

  private static MavenProject project(Xpp3Dom configuration, Xpp3Dom executionConfiguration) {
    Model model = new Model();
    model.setBuild(new Build());
    model.getBuild().setDirectory("/work/app/target");
    Plugin jib = new Plugin();
    jib.setGroupId("com.google.cloud.tools");
    jib.setArtifactId("jib-maven-plugin");
    jib.setConfiguration(configuration);
    if (executionConfiguration != null) {
      PluginExecution execution = new PluginExecution();
      execution.setId("jib");
      execution.setConfiguration(executionConfiguration);
      jib.addExecution(execution);
    }
    model.getBuild().addPlugin(jib);
    return new MavenProject(model);
  }

  private static Xpp3Dom dom(String name, String value, Xpp3Dom... children) {
    Xpp3Dom dom = new Xpp3Dom(name);
    dom.setValue(value);
    for (Xpp3Dom child : children) {
      dom.addChild(child);
    }
    return dom;
  }

  private JibProject settings(MavenProject project) {
    return new JibProject(project, user, system);
  }

  private static Xpp3Dom from(String image) {
    return dom("configuration", null, dom("from", null, dom("image", image)));
  }

  @Test
  void aRegistryBaseIsWhatThePlanNames() throws PaasException {
    JibProject settings = settings(project(from("registry.example/base/java17:1"), null));
    assertThat(settings.baseImage("registry.example/base/java17:1").toString())
        .isEqualTo("registry.example/base/java17:1");
  }

  @Test
  void aTarBaseIsReadFromTheConfigurationAsADockerArchive() throws PaasException {
    JibProject settings = settings(project(from("tar:///work/base.tar"), null));
    assertThat(settings.baseImage("scratch").toString()).isEqualTo("docker-archive:/work/base.tar");
    user.setProperty("jib.from.image", "tar:///work/other.tar");
    assertThat(settings.baseImage("scratch").toString())
        .isEqualTo("docker-archive:/work/other.tar");
  }

  @Test
  void noFromImageADaemonImageAndScratchAreRefusedNamingTheRule() {
    assertThatThrownBy(
            () ->
                settings(project(dom("configuration", null), null))
                    .baseImage("eclipse-temurin:17-jre"))
        .hasMessageStartingWith(
            "<from><image> is not set, so Jib would build on its default base "
                + "eclipse-temurin:17-jre, which is not an official base (rule base-inheritance)");
    assertThatThrownBy(
            () ->
                settings(project(from("docker://base/java17:1"), null)).baseImage("base/java17:1"))
        .hasMessageContaining("is an image of a Docker daemon")
        .hasMessageContaining("rule base-inheritance");
    assertThatThrownBy(() -> settings(project(from("scratch"), null)).baseImage("scratch"))
        .hasMessageContaining(
            "Jib builds on 'scratch', which is not an official base (rule base-inheritance)");
  }

  @Test
  void insecureRegistriesFollowJibsOwnSetting() {
    assertThat(settings(project(from("b:1"), null)).allowInsecureRegistries()).isFalse();
    assertThat(
            settings(
                    project(
                        dom("configuration", null, dom("allowInsecureRegistries", "true")), null))
                .allowInsecureRegistries())
        .isTrue();
    assertThat(
            settings(
                    project(
                        from("b:1"),
                        dom("configuration", null, dom("allowInsecureRegistries", "true"))))
                .allowInsecureRegistries())
        .isTrue();
    user.setProperty("jib.allowInsecureRegistries", "false");
    assertThat(
            settings(
                    project(
                        dom("configuration", null, dom("allowInsecureRegistries", "true")), null))
                .allowInsecureRegistries())
        .isFalse();
  }

  @Test
  void theApplicationCacheIsJibsDefaultUnlessThePropertyMovesIt() {
    MavenProject project = project(from("b:1"), null);
    assertThat(settings(project).applicationCache())
        .isEqualTo(Path.of("/work/app/target/jib-cache"));
    system.setProperty("jib.applicationCache", "/cache/jib-app");
    assertThat(settings(project).applicationCache()).isEqualTo(Path.of("/cache/jib-app"));
  }

  @Test
  void propertiesComeFromTheCommandLineThenTheSystemThenTheProject() {
    MavenProject project = project(from("b:1"), null);
    project.getProperties().setProperty("paas.platform", "project.yaml");
    assertThat(settings(project).property("paas.platform")).contains("project.yaml");
    system.setProperty("paas.platform", "system.yaml");
    assertThat(settings(project).property("paas.platform")).contains("system.yaml");
    user.setProperty("paas.platform", " cli.yaml ");
    assertThat(settings(project).property("paas.platform")).contains("cli.yaml");
    user.setProperty("paas.platform", " ");
    assertThat(settings(project).property("paas.platform")).isEmpty();
  }

  @Test
  void jibsFromAuthIsTheCredentialOfTheBasesRegistryOnly() throws PaasException {
    Xpp3Dom configuration =
        dom(
            "configuration",
            null,
            dom(
                "from",
                null,
                dom("image", "registry.example/base/java17:1"),
                dom("auth", null, dom("username", "team"), dom("password", "secret"))));
    JibProject settings = settings(project(configuration, null));
    var credentials =
        settings.fromAuth(
            dev.paas.core.image.ImageReference.parse("registry.example/base/java17:1", "t"));
    assertThat(credentials.forRegistry("registry.example"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.username()).isEqualTo("team");
              assertThat(c.secret()).isEqualTo("secret");
            });
    assertThat(credentials.forRegistry("other.example")).isEmpty();
    user.setProperty("jib.from.auth.password", "from-cli");
    assertThat(
            settings
                .fromAuth(dev.paas.core.image.ImageReference.parse("registry.example/b:1", "t"))
                .forRegistry("registry.example"))
        .hasValueSatisfying(c -> assertThat(c.secret()).isEqualTo("from-cli"));
    assertThat(
            settings(project(from("registry.example/b:1"), null))
                .fromAuth(dev.paas.core.image.ImageReference.parse("registry.example/b:1", "t"))
                .forRegistry("registry.example"))
        .isEmpty();
    // Without the plan, for paas:check: the registry of the configured <from><image>.
    assertThat(settings.fromAuth().forRegistry("registry.example")).isPresent();
    assertThat(settings.fromAuth().forRegistry("other.example")).isEmpty();
    user.setProperty("jib.from.image", "tar:///work/base.tar");
    assertThat(settings.fromAuth().forRegistry("registry.example")).isEmpty();
  }

  private static Xpp3Dom withExtension(
      Xpp3Dom configuration, String implementation, Xpp3Dom... settings) {
    configuration.addChild(
        dom(
            "pluginExtensions",
            null,
            dom(
                "pluginExtension",
                null,
                dom("implementation", implementation),
                dom("configuration", null, settings))));
    return configuration;
  }

  @Test
  void thePaasExtensionsConfigurationIsReadWhereverJibIsConfigured() {
    JibProject plain = settings(project(from("b:1"), null));
    assertThat(plain.usesPaasExtension()).isFalse();
    assertThat(plain.extensionConfiguration("platform")).isEmpty();

    JibProject other =
        settings(
            project(
                withExtension(from("b:1"), "com.example.Other", dom("platform", "x.yaml")), null));
    assertThat(other.usesPaasExtension()).isFalse();
    assertThat(other.extensionConfiguration("platform")).isEmpty();

    JibProject configured =
        settings(
            project(
                withExtension(
                    from("b:1"),
                    " dev.paas.jib.PaasJibExtension ",
                    dom("platform", "acme.yaml"),
                    dom("environment", "test")),
                null));
    assertThat(configured.usesPaasExtension()).isTrue();
    assertThat(configured.extensionConfiguration("platform")).contains("acme.yaml");
    assertThat(configured.extensionConfiguration("environment")).contains("test");
    assertThat(configured.extensionConfiguration("officialBaseImage")).isEmpty();

    JibProject inExecution =
        settings(
            project(
                from("b:1"),
                withExtension(
                    dom("configuration", null),
                    JibProject.EXTENSION,
                    dom("platform", "exec.yaml"))));
    assertThat(inExecution.usesPaasExtension()).isTrue();
    assertThat(inExecution.extensionConfiguration("platform")).contains("exec.yaml");
  }

  @Test
  void jibsOutputsAreWhereJibWritesThem() {
    MavenProject project = project(from("b:1"), null);
    project.setFile(new java.io.File("/work/app/pom.xml"));
    assertThat(settings(project).imageTar()).isEqualTo(Path.of("/work/app/target/jib-image.tar"));
    assertThat(settings(project).imageJson()).isEqualTo(Path.of("/work/app/target/jib-image.json"));
    user.setProperty("jib.outputPaths.tar", "target/jib-test.tar");
    assertThat(settings(project).imageTar()).isEqualTo(Path.of("/work/app/target/jib-test.tar"));
    Xpp3Dom configuration = from("b:1");
    configuration.addChild(dom("outputPaths", null, dom("imageJson", "/out/image.json")));
    assertThat(settings(project(configuration, null)).imageJson())
        .isEqualTo(Path.of("/out/image.json"));
  }
}
