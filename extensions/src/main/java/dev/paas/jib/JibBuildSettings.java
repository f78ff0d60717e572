package dev.paas.jib;

import dev.paas.core.PaasException;
import dev.paas.core.image.ImageReference;
import dev.paas.core.registry.Credential;
import dev.paas.core.registry.CredentialSource;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What the extension reads of the Jib build it runs in: properties ({@code -D}, then the
 * project's), Jib's {@code allowInsecureRegistries}, its {@code <from><image>} when the plan
 * does not name a registry image, its {@code <from><auth>}, and where Jib keeps application layers.
 */
final class JibBuildSettings {
  private final MavenProject project;
  private final Properties user;
  private final Properties system;

  JibBuildSettings(MavenProject project, Properties user, Properties system) {
    this.project = project;
    this.user = user;
    this.system = system;
  }

  static JibBuildSettings of(MavenProject project, MavenSession session) {
    return new JibBuildSettings(project, session.getUserProperties(), session.getSystemProperties());
  }

  /** A {@code -D} property, else a system property, else the project's. */
  Optional<String> property(String name) {
    String value = user.getProperty(name,
        system.getProperty(name, project.getProperties().getProperty(name)));
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** Jib's {@code allowInsecureRegistries}: the property, else the plugin's or an execution's. */
  boolean allowInsecureRegistries() {
    return property("jib.allowInsecureRegistries").map(Boolean::parseBoolean)
        .orElseGet(() -> jibConfiguration("allowInsecureRegistries").map(Boolean::parseBoolean).orElse(false));
  }

  /** Where Jib keeps application layers: {@code -Djib.applicationCache}, else {@code target/jib-cache}. */
  Path applicationCache() {
    String configured = system.getProperty("jib.applicationCache");
    return configured != null ? Path.of(configured) : Path.of(project.getBuild().getDirectory(), "jib-cache");
  }

  /**
   * The base the plan builds on, as the engine names images. A registry image is in the plan;
   * Jib names a {@code tar://} base {@code scratch} there, so it is read from {@code <from><image>}.
   */
  ImageReference baseImage(String planned) throws PaasException {
    String configured = property("jib.from.image")
        .orElseGet(() -> jibConfiguration("from", "image").orElse(""));
    if (configured.startsWith("tar://")) {
      return ImageReference.parse("docker-archive:" + configured.substring("tar://".length()), "<from><image>");
    }
    if (configured.startsWith("docker://")) {
      throw new PaasException("<from><image> " + configured + " is an image of a Docker daemon, which "
          + "the paas extension cannot read to check that it derives from an official base (rule "
          + "base-inheritance): name it in its registry, or save it and use tar://");
    }
    if (configured.isEmpty()) {
      throw new PaasException("<from><image> is not set, so Jib would build on its default base "
          + planned + ", which is not an official base (rule base-inheritance): set <from><image> "
          + "(or -Djib.from.image) to the platform's official base image; mvn paas:options lists them");
    }
    if (planned == null || planned.isBlank() || planned.equals("scratch")) {
      throw new PaasException("Jib builds on '" + (planned == null ? "" : planned) + "', which is not "
          + "an official base (rule base-inheritance): set <from><image> to the official base image");
    }
    return ImageReference.parse(planned, "<from><image>");
  }

  /**
   * Jib's {@code <from><auth>} ({@code -Djib.from.auth.username}/{@code password} first), for the
   * registry of {@code base} only, as Jib uses it.
   */
  CredentialSource fromAuth(ImageReference base) {
    Optional<String> username = property("jib.from.auth.username")
        .or(() -> jibConfiguration("from", "auth", "username"));
    Optional<String> password = property("jib.from.auth.password")
        .or(() -> jibConfiguration("from", "auth", "password"));
    Optional<String> registry = base.registry();
    if (username.isEmpty() || password.isEmpty() || registry.isEmpty()) {
      return CredentialSource.none();
    }
    Credential credential = new Credential(username.get(), password.get());
    return host -> host.equals(registry.get()) ? Optional.of(credential) : Optional.empty();
  }

  private Optional<String> jibConfiguration(String... path) {
    Plugin jib = project.getPlugin(PaasJibExtension.JIB_PLUGIN);
    if (jib == null) {
      return Optional.empty();
    }
    Optional<String> value = child(jib.getConfiguration(), path);
    if (value.isPresent()) {
      return value;
    }
    for (PluginExecution execution : jib.getExecutions()) {
      value = child(execution.getConfiguration(), path);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> child(Object configuration, String... path) {
    if (!(configuration instanceof Xpp3Dom dom)) {
      return Optional.empty();
    }
    for (String name : path) {
      dom = dom.getChild(name);
      if (dom == null) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(dom.getValue()).map(String::strip).filter(v -> !v.isEmpty());
  }
}
