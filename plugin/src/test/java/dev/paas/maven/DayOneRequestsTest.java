package dev.paas.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.build.Application;
import dev.paas.core.build.BuildRequest;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.run.RunSettings;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.ToolProvider;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Spring Boot team gets with only a base and an image: the main class inferred as Jib infers
 * it, development-only jars left out, its server.port exposed, its own container settings.
 */
class DayOneRequestsTest {
  @TempDir Path dir;
  private final List<String> logged = new ArrayList<>();
  private final BuildLog log =
      new BuildLog() {
        @Override
        public void info(String message) {
          logged.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
          logged.add("WARN " + message);
        }

        @Override
        public void debug(String message) {}
      };

  private MavenProject project() {
    Model model = new Model();
    model.setGroupId("com.example");
    model.setArtifactId("shop");
    model.setVersion("1.0");
    model.setPackaging("jar");
    Build build = new Build();
    build.setDirectory(dir.resolve("target").toString());
    build.setOutputDirectory(dir.resolve("target/classes").toString());
    build.setFinalName("shop-1.0");
    model.setBuild(build);
    MavenProject project = new MavenProject(model);
    project.setFile(dir.resolve("pom.xml").toFile());
    project.setArtifacts(Set.of());
    return project;
  }

  private static PaasConfiguration paas() {
    PaasConfiguration paas = new PaasConfiguration();
    paas.baseImage = "registry.example/base/java17:1";
    paas.image = "registry.example/team/shop:1.0";
    return paas;
  }

  private BuildRequest request(PaasConfiguration paas, MavenProject project) throws PaasException {
    return BuildRequests.from(
        paas,
        project,
        dir.resolve("cache"),
        false,
        RunSettings.defaults(),
        PlatformProfiles.embedded(),
        (c, e, p) -> {
          throw new PaasException("no artifacts");
        },
        log);
  }

  private static Artifact artifact(String group, String id, String scope) {
    DefaultArtifact a =
        new DefaultArtifact(
            group, id, "3.3.5", scope, "jar", null, new DefaultArtifactHandler("jar"));
    a.setFile(new File("/repo/" + id + "-3.3.5.jar"));
    return a;
  }

  private void compile(String... classes) throws IOException {
    Path classesDir = Files.createDirectories(dir.resolve("target/classes"));
    List<String> args = new ArrayList<>(List.of("-d", classesDir.toString()));
    for (String name : classes) {
      String simple = name.substring(name.lastIndexOf('.') + 1);
      Path file = dir.resolve("src/" + name.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "package "
              + name.substring(0, name.lastIndexOf('.'))
              + "; public class "
              + simple
              + " { public static void main(String[] args) {} }");
      args.add(file.toString());
    }
    assertThat(
            ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
        .isZero();
  }

  private static Plugin plugin(String key, String xml) throws Exception {
    Plugin plugin = new Plugin();
    plugin.setGroupId(key.substring(0, key.indexOf(':')));
    plugin.setArtifactId(key.substring(key.indexOf(':') + 1));
    plugin.setConfiguration(
        Xpp3DomBuilder.build(new StringReader("<configuration>" + xml + "</configuration>")));
    return plugin;
  }

  private static String mainClass(BuildRequest request) {
    return ((Application.Jar) request.application()).mainClass();
  }

  @Test
  void theOneClassWithAMainMethodIsTheMainClass() throws Exception {
    compile("com.example.shop.ShopApplication");

    assertThat(mainClass(request(paas(), project()))).isEqualTo("com.example.shop.ShopApplication");
    assertThat(logged)
        .contains(
            "INFO paas: main class com.example.shop.ShopApplication, the only class "
                + "with a main method in "
                + dir.resolve("target/classes"));
  }

  @Test
  void severalCandidatesAreAnErrorThatListsThem() throws Exception {
    compile("com.example.shop.ShopApplication", "com.example.shop.tools.Migrate");

    assertThatThrownBy(() -> request(paas(), project()))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("<paas><mainClass> is missing, and 2 classes in")
        .hasMessageContaining("com.example.shop.ShopApplication, com.example.shop.tools.Migrate")
        .hasMessageContaining("Name the one the container runs in <paas><mainClass>");
  }

  @Test
  void theProjectsOwnConfigurationComesBeforeTheScan() throws Exception {
    compile("com.example.shop.ShopApplication", "com.example.shop.tools.Migrate");

    MavenProject jar = project();
    Plugin jarPlugin = plugin(MainClassInference.JAR_PLUGIN, "");
    PluginExecution execution = new PluginExecution();
    execution.setId("default-jar");
    execution.setConfiguration(
        Xpp3DomBuilder.build(
            new StringReader(
                "<configuration><archive><manifest><mainClass>com.example.shop.tools.Migrate</mainClass>"
                    + "</manifest></archive></configuration>")));
    jarPlugin.addExecution(execution);
    jar.getBuild().addPlugin(jarPlugin);
    assertThat(mainClass(request(paas(), jar))).isEqualTo("com.example.shop.tools.Migrate");

    MavenProject startClass = project();
    startClass.getProperties().setProperty("start-class", "com.example.shop.ShopApplication");
    assertThat(mainClass(request(paas(), startClass)))
        .isEqualTo("com.example.shop.ShopApplication");

    MavenProject boot = project();
    // spring-boot-starter-parent's ${start-class}, left unset, names nothing.
    boot.getBuild()
        .addPlugin(
            plugin(
                MainClassInference.JAR_PLUGIN,
                "<archive><manifest><mainClass>${start-class}</mainClass></manifest></archive>"));
    boot.getBuild()
        .addPlugin(
            plugin(
                MainClassInference.SPRING_BOOT_PLUGIN,
                "<mainClass>com.example.shop.tools.Migrate</mainClass>"));
    assertThat(mainClass(request(paas(), boot))).isEqualTo("com.example.shop.tools.Migrate");

    PaasConfiguration named = paas();
    named.mainClass = "com.example.shop.ShopApplication";
    assertThat(mainClass(request(named, boot))).isEqualTo("com.example.shop.ShopApplication");
  }

  @Test
  void devtoolsAndDockerComposeStayOutUnlessAskedFor() throws Exception {
    compile("com.example.shop.ShopApplication");
    MavenProject project = project();
    project.setArtifacts(
        Set.of(
            artifact("org.springframework.boot", "spring-boot", "compile"),
            artifact("org.springframework.boot", "spring-boot-devtools", "runtime"),
            artifact("org.springframework.boot", "spring-boot-docker-compose", "runtime")));

    Application.Jar jar = (Application.Jar) request(paas(), project).application();
    assertThat(jar.dependencies()).containsExactly(Path.of("/repo/spring-boot-3.3.5.jar"));
    assertThat(logged)
        .filteredOn(l -> l.contains("left out of the images"))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains(
                        "spring-boot-devtools-3.3.5.jar", "spring-boot-docker-compose-3.3.5.jar"));

    PaasConfiguration keep = paas();
    keep.includeDevtools = true;
    keep.includeDockerCompose = true;
    assertThat(((Application.Jar) request(keep, project).application()).dependencies()).hasSize(3);

    MavenProject war = project();
    war.getModel().setPackaging("war");
    war.setArtifacts(project.getArtifacts());
    assertThat(((Application.War) request(paas(), war).application()).excludedLibraries())
        .containsExactlyInAnyOrder(
            "spring-boot-devtools-3.3.5.jar", "spring-boot-docker-compose-3.3.5.jar");
  }

  @Test
  void aSpringBootWebApplicationExposesItsServerPort() throws Exception {
    compile("com.example.shop.ShopApplication");
    MavenProject web = project();
    web.setArtifacts(
        Set.of(
            artifact("org.springframework.boot", "spring-boot", "compile"),
            artifact("org.springframework", "spring-webmvc", "compile")));

    assertThat(request(paas(), web).container().ports()).containsExactly("8080");

    Files.writeString(dir.resolve("target/classes/application.properties"), "server.port=9090\n");
    assertThat(request(paas(), web).container().ports()).containsExactly("9090");

    PaasConfiguration own = paas();
    own.ports = List.of("8443/tcp");
    own.environment = Map.of("SPRING_PROFILES_ACTIVE", "prod");
    own.labels = Map.of("com.example.team", "shop");
    BuildRequest request = request(own, web);
    assertThat(request.container().ports()).containsExactly("8443/tcp");
    assertThat(request.container().env()).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
    assertThat(request.container().labels()).containsEntry("com.example.team", "shop");

    // Not a web application (no spring-webmvc or webflux): nothing to expose.
    MavenProject batch = project();
    batch.setArtifacts(Set.of(artifact("org.springframework.boot", "spring-boot", "compile")));
    assertThat(request(paas(), batch).container().ports()).isEmpty();
  }

  @Test
  void whatThePlatformReservesIsRefused() throws Exception {
    compile("com.example.shop.ShopApplication");
    PaasConfiguration paas = paas();
    paas.labels = Map.of("dev.paas.environment", "prod");
    assertThatThrownBy(() -> request(paas, project()))
        .hasMessageContaining("<paas><labels> sets dev.paas.environment");
  }

  @Test
  void theEmbeddedProfilesMissingOfficialBaseIsSaidOnceAsInformation() throws Exception {
    compile("com.example.shop.ShopApplication");
    request(paas(), project());

    assertThat(logged)
        .filteredOn(l -> l.contains("names no official base image"))
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("INFO "));
  }
}
