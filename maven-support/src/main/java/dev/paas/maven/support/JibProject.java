package dev.paas.maven.support;

import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.registry.Credential;
import dev.paas.core.registry.CredentialSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What the paas extension and {@code paas:check} read of a project built with jib-maven-plugin, as
 * Jib itself reads it: properties ({@code -D}, then the project's), {@code
 * allowInsecureRegistries}, {@code <from><image>} and {@code <from><auth>}, where Jib keeps
 * application layers and writes its image, and the paas extension's own configuration.
 */
public final class JibProject {
  /** Jib's plugin key. */
  public static final String JIB_PLUGIN = "com.google.cloud.tools:jib-maven-plugin";

  /** The paas extension's implementation class, as {@code <pluginExtension>} names it. */
  public static final String EXTENSION = "dev.paas.jib.PaasJibExtension";

  private final MavenProject project;
  private final Properties user;
  private final Properties system;

  public JibProject(MavenProject project, Properties user, Properties system) {
    this.project = project;
    this.user = user;
    this.system = system;
  }

  public static JibProject of(MavenProject project, MavenSession session) {
    return new JibProject(project, session.getUserProperties(), session.getSystemProperties());
  }

  /** A {@code -D} property, else a system property, else the project's. */
  public Optional<String> property(String name) {
    String value =
        user.getProperty(name, system.getProperty(name, project.getProperties().getProperty(name)));
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** Jib's {@code allowInsecureRegistries}: the property, else the plugin's or an execution's. */
  public boolean allowInsecureRegistries() {
    return property("jib.allowInsecureRegistries")
        .map(Boolean::parseBoolean)
        .orElseGet(
            () ->
                jibConfiguration("allowInsecureRegistries")
                    .map(Boolean::parseBoolean)
                    .orElse(false));
  }

  /**
   * Where Jib keeps application layers: {@code -Djib.applicationCache}, else {@code
   * target/jib-cache}.
   */
  public Path applicationCache() {
    String configured = system.getProperty("jib.applicationCache");
    return configured != null
        ? Path.of(configured)
        : Path.of(project.getBuild().getDirectory(), "jib-cache");
  }

  /**
   * The base the plan builds on, as the engine names images. A registry image is in the plan; Jib
   * names a {@code tar://} base {@code scratch} there, so it is read from {@code <from><image>}.
   */
  public ImageReference baseImage(String planned) throws PaasException {
    String configured = configuredFromImage();
    if (configured.startsWith("tar://")) {
      return ImageReference.parse(
          "docker-archive:" + configured.substring("tar://".length()), "<from><image>");
    }
    if (configured.startsWith("docker://")) {
      throw new PaasException(
          "<from><image> "
              + configured
              + " is an image of a Docker daemon, which "
              + "the paas extension cannot read to check that it derives from an official base (rule "
              + "base-inheritance): name it in its registry, or save it and use tar://");
    }
    if (configured.isEmpty()) {
      throw new PaasException(
          "<from><image> is not set, so Jib would build on its default base "
              + planned
              + ", which is not an official base (rule base-inheritance): set <from><image> "
              + "(or -Djib.from.image) to the platform's official base image; mvn paas:options lists them");
    }
    if (planned == null || planned.isBlank() || planned.equals("scratch")) {
      throw new PaasException(
          "Jib builds on '"
              + (planned == null ? "" : planned)
              + "', which is not "
              + "an official base (rule base-inheritance): set <from><image> to the official base image");
    }
    return ImageReference.parse(planned, "<from><image>");
  }

  /**
   * Jib's {@code <from><auth>} ({@code -Djib.from.auth.username}/{@code password} first), for the
   * registry of {@code base} only, as Jib uses it.
   */
  public CredentialSource fromAuth(ImageReference base) {
    return fromAuth(base.registry());
  }

  /** Jib's {@code <from><auth>}, for the registry of the configured {@code <from><image>}. */
  public CredentialSource fromAuth() {
    String configured = configuredFromImage();
    try {
      return configured.isEmpty() || configured.contains("://")
          ? CredentialSource.none()
          : fromAuth(ImageReference.parse(configured, "<from><image>").registry());
    } catch (PaasException e) {
      return CredentialSource.none(); // an unparseable <from><image> is Jib's to report
    }
  }

  // -Djib.from.image, else <from><image>; empty when neither is set.
  private String configuredFromImage() {
    return property("jib.from.image").orElseGet(() -> jibConfiguration("from", "image").orElse(""));
  }

  private CredentialSource fromAuth(Optional<String> registry) {
    Optional<String> username =
        property("jib.from.auth.username").or(() -> jibConfiguration("from", "auth", "username"));
    Optional<String> password =
        property("jib.from.auth.password").or(() -> jibConfiguration("from", "auth", "password"));
    if (username.isEmpty() || password.isEmpty() || registry.isEmpty()) {
      return CredentialSource.none();
    }
    Credential credential = new Credential(username.get(), password.get());
    return host -> host.equals(registry.get()) ? Optional.of(credential) : Optional.empty();
  }

  /**
   * The paas extension's configuration value at {@code path} (e.g. {@code platform}), when the
   * project's jib-maven-plugin configures the extension.
   */
  public Optional<String> extensionConfiguration(String... path) {
    return paasExtension()
        .flatMap(
            extension -> PluginConfigurations.value(extension.getChild("configuration"), path));
  }

  /** Whether the project's jib-maven-plugin runs the paas extension. */
  public boolean usesPaasExtension() {
    return paasExtension().isPresent();
  }

  /**
   * Where {@code jib:buildTar} writes the image: {@code <outputPaths><tar>}, else {@code
   * target/jib-image.tar}.
   */
  public Path imageTar() {
    return outputPath("tar", "jib-image.tar");
  }

  /**
   * Where every Jib goal writes what it built: {@code <outputPaths><imageJson>}, else {@code
   * target/jib-image.json}.
   */
  public Path imageJson() {
    return outputPath("imageJson", "jib-image.json");
  }

  private Path outputPath(String name, String fallback) {
    Path base = project.getBasedir() == null ? Path.of("") : project.getBasedir().toPath();
    return property("jib.outputPaths." + name)
        .or(() -> jibConfiguration("outputPaths", name))
        .map(p -> base.resolve(p))
        .orElse(Path.of(project.getBuild().getDirectory(), fallback));
  }

  // The paas extension's <pluginExtension>, where jib-maven-plugin's configuration names it.
  private Optional<Xpp3Dom> paasExtension() {
    for (Object configuration : jibConfigurations()) {
      if (configuration instanceof Xpp3Dom dom && dom.getChild("pluginExtensions") != null) {
        for (Xpp3Dom extension : dom.getChild("pluginExtensions").getChildren("pluginExtension")) {
          Xpp3Dom implementation = extension.getChild("implementation");
          if (implementation != null
              && EXTENSION.equals(String.valueOf(implementation.getValue()).strip())) {
            return Optional.of(extension);
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> jibConfiguration(String... path) {
    return PluginConfigurations.first(project.getPlugin(JIB_PLUGIN), path);
  }

  // jib-maven-plugin's configuration, then each execution's, as Maven merges them for a goal.
  private List<Object> jibConfigurations() {
    return PluginConfigurations.of(project.getPlugin(JIB_PLUGIN));
  }
}
