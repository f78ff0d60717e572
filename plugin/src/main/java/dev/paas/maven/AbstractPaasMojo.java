package dev.paas.maven;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.platform.ArtifactResolver;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.registry.CredentialSource;
import dev.paas.core.registry.DockerConfigCredentials;
import dev.paas.maven.support.JibProject;
import dev.paas.maven.support.MavenArtifactResolver;
import dev.paas.maven.support.SettingsCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;

/** What every goal shares: the {@code <paas>} block, skipping, credentials, error translation. */
abstract class AbstractPaasMojo extends AbstractMojo {

  /** The application team's image configuration. */
  @Parameter PaasConfiguration paas;

  /** Skips every paas goal. */
  @Parameter(property = "paas.skip", defaultValue = "false")
  boolean skip;

  /**
   * The platform profile (a file, an http(s) URL, or Maven coordinates groupId:artifactId:version),
   * read over the embedded default; overrides {@code <paas><platform>}.
   */
  @Parameter(property = "paas.platform")
  String platform;

  /** Jib's base image layer cache, shared by every project on the machine (and with Jib). */
  /**
   * {@code REGISTRY/REPOSITORY} of the fleet cache, where run layers and checked layers' facts are
   * shared between build machines; wins over the platform profile's {@code cache.repository}.
   */
  @Parameter(property = "paas.cache")
  String fleetCache;

  @Parameter(
      property = "paas.baseCache",
      defaultValue = "${user.home}/.cache/google-cloud-tools-java/jib")
  String baseCache;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** This plugin's version: images' history and reports name it. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  String pluginVersion;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Component SettingsDecrypter settingsDecrypter;

  @Component RepositorySystem repositorySystem;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("paas: skipped (paas.skip=true)");
      return;
    }
    try {
      run();
    } catch (PaasException e) {
      throw new MojoExecutionException(MavenSettingWords.WORDS.word(e.getMessage()), e);
    }
  }

  /** The goal's work, once skipping has been decided. */
  abstract void run() throws PaasException, MojoExecutionException, MojoFailureException;

  BuildLog buildLog() {
    return new MavenBuildLog(getLog());
  }

  boolean offline() {
    return session != null && session.isOffline();
  }

  /** settings.xml servers first, then the docker config and credential helpers. */
  CredentialSource credentials() {
    BuildLog log = buildLog();
    return new SettingsCredentials(
            session == null ? null : session.getSettings(), settingsDecrypter, log)
        .orElse(new DockerConfigCredentials(log));
  }

  /** Resolves artifacts through the project's repositories, as Maven resolves dependencies. */
  ArtifactResolver artifactResolver() {
    return new MavenArtifactResolver(
        repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories());
  }

  /**
   * The active platform profile: {@code -Dpaas.platform}, else {@code <paas><platform>}, else the
   * paas Jib extension's {@code <platform>}, over the default.
   */
  PlatformProfile platformProfile() throws PaasException {
    Optional<String> location =
        Optional.ofNullable(platform)
            .filter(p -> !p.isBlank())
            .or(() -> Optional.ofNullable(paas).map(p -> p.platform).filter(p -> !p.isBlank()))
            .or(() -> jib().extensionConfiguration("platform"));
    return new PlatformProfiles(
            artifactResolver(), Path.of(baseCache, "paas", "profiles"), offline(), buildLog())
        .load(location, baseDirectory());
  }

  /** The project's jib-maven-plugin as Jib reads it, with the paas extension's configuration. */
  JibProject jib() {
    return session == null
        ? new JibProject(project, new Properties(), new Properties())
        : JibProject.of(project, session);
  }

  /** The project's directory, or the working directory when Maven runs without a project. */
  Path baseDirectory() {
    return project.getBasedir() != null
        ? project.getBasedir().toPath()
        : Path.of("").toAbsolutePath();
  }

  /** The {@code <paas>} block, or an error that says how to write one. */
  PaasConfiguration requirePaas() throws PaasException {
    if (paas == null) {
      throw new PaasException(
          "The <paas> element is missing from the configuration of "
              + "dev.paas:paas-maven-plugin. Add at least:\n"
              + "  <configuration>\n    <paas>\n"
              + "      <baseImage>registry.example/base/java17:1</baseImage>\n"
              + "      <image>registry.example/team/app:${project.version}</image>\n"
              + "    </paas>\n  </configuration>");
    }
    return paas;
  }

  /** The team's {@code <paas><waivers>}, checked. */
  List<Waiver> waivers() throws PaasException {
    List<Waiver> waivers = new ArrayList<>();
    if (paas != null) {
      int number = 1;
      for (WaiverConfiguration w : paas.waivers) {
        waivers.add(Waiver.of(number++, w.rule, w.id, w.reason, w.expires));
      }
    }
    return waivers;
  }

  /** This plugin's version, for reports and attestations. */
  String pluginVersion() {
    if (pluginVersion != null && !pluginVersion.isBlank()) {
      return pluginVersion;
    }
    Package pkg = AbstractPaasMojo.class.getPackage();
    return pkg != null && pkg.getImplementationVersion() != null
        ? pkg.getImplementationVersion()
        : "0.1.0";
  }
}
