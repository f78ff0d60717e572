package dev.paas.maven;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.build.MainClasses;
import dev.paas.maven.support.PluginConfigurations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.project.MavenProject;

/**
 * The main class of a jar project that names none in {@code <paas><mainClass>}, inferred as Jib
 * infers it: the jar's manifest {@code Main-Class} (maven-jar-plugin's {@code
 * <archive><manifest><mainClass>}), Spring Boot's {@code start-class} property or
 * spring-boot-maven-plugin's {@code <mainClass>}, else the one class of {@code target/classes} with
 * a {@code public static void main(String[])}.
 */
final class MainClassInference {
  static final String JAR_PLUGIN = "org.apache.maven.plugins:maven-jar-plugin";
  static final String SPRING_BOOT_PLUGIN = "org.springframework.boot:spring-boot-maven-plugin";

  private MainClassInference() {}

  /** The main class, and where it came from, logged once at INFO. */
  static String infer(MavenProject project, BuildLog log) throws PaasException {
    Optional<String> manifest =
        PluginConfigurations.first(
            project.getPlugin(JAR_PLUGIN), "archive", "manifest", "mainClass");
    if (manifest.isPresent()) {
      log.info(
          "paas: main class "
              + manifest.get()
              + ", from maven-jar-plugin's <archive><manifest>"
              + "<mainClass> (set <paas><mainClass> to choose another)");
      return manifest.get();
    }
    Optional<String> startClass =
        Optional.ofNullable(project.getProperties().getProperty("start-class"))
            .map(String::strip)
            .filter(s -> !s.isEmpty() && !s.contains("${"));
    if (startClass.isPresent()) {
      log.info("paas: main class " + startClass.get() + ", from the start-class property");
      return startClass.get();
    }
    Optional<String> boot =
        PluginConfigurations.first(project.getPlugin(SPRING_BOOT_PLUGIN), "mainClass");
    if (boot.isPresent()) {
      log.info("paas: main class " + boot.get() + ", from spring-boot-maven-plugin's <mainClass>");
      return boot.get();
    }
    Path classes = Path.of(project.getBuild().getOutputDirectory());
    List<String> candidates;
    try {
      candidates = MainClasses.in(classes);
    } catch (IOException e) {
      throw new PaasException(
          "Cannot look for the main class in "
              + classes
              + ": "
              + e.getMessage()
              + ". Name it in <paas><mainClass>",
          e);
    }
    if (candidates.size() == 1) {
      log.info(
          "paas: main class "
              + candidates.get(0)
              + ", the only class with a main method in "
              + classes);
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new PaasException(
          "<paas><mainClass> is missing, and no class in "
              + classes
              + " has a "
              + "public static void main(String[]): name the class whose main method the container "
              + "runs, e.g. <mainClass>com.example.Main</mainClass>");
    }
    throw new PaasException(
        "<paas><mainClass> is missing, and "
            + candidates.size()
            + " classes in "
            + classes
            + " have a main method: "
            + String.join(", ", candidates.subList(0, Math.min(20, candidates.size())))
            + (candidates.size() > 20 ? ", …" : "")
            + ". Name the one the container runs in <paas><mainClass>");
  }
}
