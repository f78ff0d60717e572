package dev.paas.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.build.Application;
import dev.paas.core.build.BuildRequest;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.ProfileParser;
import dev.paas.core.run.OsFamily;
import dev.paas.core.run.RunSettings;
import dev.paas.core.run.RunStep;
import dev.paas.maven.support.OfferSelection;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildRequestsTest {
  @TempDir Path dir;

  private MavenProject project(String packaging) {
    Model model = new Model();
    model.setGroupId("com.example");
    model.setArtifactId("orders");
    model.setVersion("1.0");
    model.setPackaging(packaging);
    Build build = new Build();
    build.setDirectory(dir.resolve("target").toString());
    build.setOutputDirectory(dir.resolve("target/classes").toString());
    build.setFinalName("orders-1.0");
    model.setBuild(build);
    MavenProject project = new MavenProject(model);
    project.setFile(dir.resolve("pom.xml").toFile());
    return project;
  }

  private static PaasConfiguration paas() {
    PaasConfiguration paas = new PaasConfiguration();
    paas.baseImage = "registry.example/base/java17:1";
    paas.image = "registry.example/team/orders:1.0";
    paas.mainClass = "com.example.Main";
    return paas;
  }

  private static Artifact artifact(String id, String version, String scope, File file) {
    DefaultArtifact a =
        new DefaultArtifact(
            "g", id, version, scope, "jar", null, new DefaultArtifactHandler("jar"));
    a.setFile(file);
    return a;
  }

  private static Artifact bundle(String id, String version, File file) {
    DefaultArtifact a =
        new DefaultArtifact(
            "g",
            id,
            version,
            Artifact.SCOPE_COMPILE,
            "bundle",
            null,
            new DefaultArtifactHandler("bundle"));
    a.setFile(file);
    return a;
  }

  @Test
  void mapsAJarProjectWithReleaseAndSnapshotDependencies() throws PaasException {
    MavenProject project = project("jar");
    project.setArtifacts(
        Set.of(
            artifact("lib", "1.0", Artifact.SCOPE_COMPILE, new File("/repo/lib-1.0.jar")),
            artifact(
                "snap",
                "2.0-SNAPSHOT",
                Artifact.SCOPE_RUNTIME,
                new File("/repo/snap-2.0-SNAPSHOT.jar")),
            artifact("junit", "5", Artifact.SCOPE_TEST, new File("/repo/junit-5.jar")),
            artifact("api", "1", Artifact.SCOPE_PROVIDED, new File("/repo/api-1.jar")),
            bundle("osgi", "3.0", new File("/repo/osgi-3.0.jar")),
            artifact("pom-only", "1", Artifact.SCOPE_COMPILE, new File("/repo/pom-only-1.pom"))));
    PaasConfiguration paas = paas();
    paas.environments = List.of("test", "prod");
    paas.jvmFlags = List.of("-Xss512k");

    BuildRequest request = BuildRequests.from(paas, project, dir.resolve("cache"), false);

    assertThat(request.effectiveEnvironments()).containsExactly("test", "prod");
    assertThat(request.outputDirectory()).isEqualTo(dir.resolve("target/paas"));
    assertThat(request.jvmFlags()).containsExactly("-Xss512k");
    Application.Jar jar = (Application.Jar) request.application();
    assertThat(jar.dependencies())
        .containsExactlyInAnyOrder(Path.of("/repo/lib-1.0.jar"), Path.of("/repo/osgi-3.0.jar"));
    assertThat(jar.snapshotDependencies()).containsExactly(Path.of("/repo/snap-2.0-SNAPSHOT.jar"));
    assertThat(jar.mainClass()).isEqualTo("com.example.Main");
    assertThat(request.user()).isEmpty();
  }

  @Test
  void mapsAWarProjectToItsExplodedDirectory() throws PaasException {
    BuildRequest request = BuildRequests.from(paas(), project("war"), dir, false);
    Application.War war = (Application.War) request.application();
    assertThat(war.explodedWar()).isEqualTo(dir.resolve("target/orders-1.0"));
    assertThat(war.appRoot()).isEqualTo("/jetty/webapps/ROOT");
  }

  @Test
  void withoutEnvironmentsTheEnvironmentIsDefault() throws PaasException {
    BuildRequest request = BuildRequests.from(paas(), project("jar"), dir, false);
    assertThat(request.effectiveEnvironments()).containsExactly("default");
  }

  @Test
  void errorsNameThePomElement() {
    PaasConfiguration noMain = paas();
    noMain.mainClass = " ";
    assertThatThrownBy(() -> BuildRequests.from(noMain, project("jar"), dir, false))
        .hasMessageContaining("<paas><mainClass> is missing, and no class in");

    PaasConfiguration badMain = paas();
    badMain.mainClass = "com.example.1Main";
    assertThatThrownBy(() -> BuildRequests.from(badMain, project("jar"), dir, false))
        .hasMessageContaining("is not a Java class name");

    PaasConfiguration noBase = paas();
    noBase.baseImage = null;
    assertThatThrownBy(() -> BuildRequests.from(noBase, project("jar"), dir, false))
        .hasMessageContaining("<paas><baseImage> is missing");

    PaasConfiguration localTarget = paas();
    localTarget.image = "oci-archive:out.tar";
    assertThatThrownBy(() -> BuildRequests.from(localTarget, project("jar"), dir, false))
        .hasMessageContaining("<paas><image> 'oci-archive:out.tar' must be a registry reference");

    PaasConfiguration badEnv = paas();
    badEnv.environments = List.of("Test Env");
    assertThatThrownBy(() -> BuildRequests.from(badEnv, project("jar"), dir, false))
        .hasMessageContaining("<paas><environments><environment> 'Test Env' is not a valid");

    PaasConfiguration byDigest = paas();
    byDigest.image = "registry.example/team/orders@sha256:" + "a".repeat(64);
    assertThatThrownBy(() -> BuildRequests.from(byDigest, project("jar"), dir, false))
        .hasMessageContaining("names a digest; give a tag instead");

    PaasConfiguration twice = paas();
    twice.environments = List.of("test", "test");
    assertThatThrownBy(() -> BuildRequests.from(twice, project("jar"), dir, false))
        .hasMessageContaining("names 'test' twice");

    assertThatThrownBy(() -> BuildRequests.from(paas(), project("ear"), dir, false))
        .hasMessageContaining("supports jar and war packaging, not 'ear'");
  }

  @Test
  void imageEnvScriptBecomesOneRunStepForAllEnvironments() throws Exception {
    Files.createDirectories(dir.resolve(".paas"));
    Files.writeString(dir.resolve(".paas/image-env.sh"), "apt-get install -y wget\n");
    PaasConfiguration paas = paas();
    paas.environments = List.of("test", "prod");
    BuildRequest request = BuildRequests.from(paas, project("jar"), dir.resolve("cache"), false);

    assertThat(request.runSteps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.name()).isEqualTo(".paas/image-env.sh");
              assertThat(step.scriptFor(OsFamily.DEBIAN)).contains("apt-get install -y wget\n");
              assertThat(step.scriptFor(OsFamily.ALPINE)).contains("apt-get install -y wget\n");
              assertThat(step.files()).contains(dir.resolve(".paas"));
              assertThat(step.environment())
                  .containsEntry("PAAS_ENVIRONMENTS", "test prod")
                  .containsEntry("PAAS_GROUP_ID", "com.example")
                  .containsEntry("PAAS_ARTIFACT_ID", "orders")
                  .containsEntry("PAAS_VERSION", "1.0");
            });
  }

  @Test
  void withoutImageEnvScriptNothingRuns() throws Exception {
    assertThat(BuildRequests.from(paas(), project("jar"), dir.resolve("cache"), false).runSteps())
        .isEmpty();
  }

  @Test
  void anImageEnvScriptThatIsNotAFileIsAnError() throws Exception {
    Files.createDirectories(dir.resolve(".paas/image-env.sh"));
    assertThatThrownBy(
            () -> BuildRequests.from(paas(), project("jar"), dir.resolve("cache"), false))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining(
            "image-env.sh is not a readable file: make it a shell script, or remove it");
  }

  private static OfferSelection choose(String name, String... environments) {
    return new OfferSelection(name, List.of(environments));
  }

  @Test
  void optionsRunBelowImageEnvAndServicesAreAddedOnTopOfTheirEnvironment() throws Exception {
    Files.createDirectories(dir.resolve(".paas"));
    Files.writeString(dir.resolve(".paas/image-env.sh"), "true\n");
    Path agent = Files.writeString(dir.resolve("org.jacoco.agent-0.8.15-runtime.jar"), "jar");
    PaasConfiguration paas = paas();
    paas.environments = List.of("test", "prod");
    paas.options = List.of(choose("wget"));
    paas.services = List.of(choose("jacoco", "test"));
    List<String> resolved = new ArrayList<>();
    BuildRequest request =
        BuildRequests.from(
            paas,
            project("jar"),
            dir.resolve("cache"),
            false,
            RunSettings.defaults(),
            PlatformProfiles.embedded(),
            (coordinates, extension, purpose) -> {
              resolved.add(coordinates);
              return agent;
            },
            BuildLog.silent());

    assertThat(request.runSteps())
        .extracting(RunStep::name)
        .containsExactly("option wget", ".paas/image-env.sh");
    assertThat(resolved).containsExactly("org.jacoco:org.jacoco.agent:0.8.15:jar:runtime");
    assertThat(request.additions("test").layers())
        .extracting(l -> l.name())
        .containsExactly("service jacoco");
    assertThat(request.additions("test").jvmFlags())
        .containsExactly(
            "-javaagent:/opt/paas/services/jacoco/org.jacoco.agent-0.8.15-runtime.jar=output=tcpserver,address=*,port=6300");
    assertThat(request.additions("prod").layers()).isEmpty();
    assertThat(request.additions("prod").jvmFlags()).isEmpty();
  }

  @Test
  void withoutBaseImageTheProfilesDefaultOfficialImageIsUsed() throws Exception {
    PlatformProfile profile =
        ProfileParser.parse(
            """
        schemaVersion: 1
        officialImages:
          - name: java17
            repository: registry.example/base/java17
            tags: ["1.2", "1.1"]
            default: true
        """,
            "platform.yaml",
            PlatformProfiles.embedded());
    PaasConfiguration paas = paas();
    paas.baseImage = null;
    BuildLog log = BuildLog.silent();
    BuildRequest request =
        BuildRequests.from(
            paas,
            project("jar"),
            dir.resolve("cache"),
            false,
            RunSettings.defaults(),
            profile,
            (c, e, p) -> {
              throw new AssertionError(c);
            },
            log);

    assertThat(request.baseImage().toString()).isEqualTo("registry.example/base/java17:1.2");
  }

  @Test
  void withoutOfficialImagesInTheProfileTheBaseIsTakenAsOfficialSaidOnce() throws Exception {
    List<String> said = new ArrayList<>();
    BuildLog log =
        new BuildLog() {
          @Override
          public void info(String message) {
            said.add("INFO " + message);
          }

          @Override
          public void warn(String message) {
            said.add("WARN " + message);
          }

          @Override
          public void debug(String message) {}
        };
    BuildRequests.from(
        paas(),
        project("jar"),
        dir.resolve("cache"),
        false,
        RunSettings.defaults(),
        PlatformProfiles.embedded(),
        (c, e, p) -> {
          throw new AssertionError(c);
        },
        log);
    // The embedded default names none by design: information, not a warning.
    assertThat(said)
        .filteredOn(l -> l.contains("official"))
        .containsExactly(
            "INFO The platform "
                + "profile (embedded default profile) names no official base image: "
                + "registry.example/base/java17:1 is taken as the official one");

    said.clear();
    PlatformProfile platform =
        ProfileParser.parse(
            "schemaVersion: 1\nname: acme\n", "acme.yaml", PlatformProfiles.embedded());
    BuildRequests.from(
        paas(),
        project("jar"),
        dir.resolve("cache"),
        false,
        RunSettings.defaults(),
        platform,
        (c, e, p) -> {
          throw new AssertionError(c);
        },
        log);
    // A platform's own profile without official images is likely a mistake: a warning, once.
    assertThat(said)
        .filteredOn(l -> l.contains("official"))
        .containsExactly(
            "WARN The platform "
                + "profile (acme.yaml) names no official base image: registry.example/base/java17:1 is "
                + "taken as the official one");
  }
}
