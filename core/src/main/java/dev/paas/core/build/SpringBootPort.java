package dev.paas.core.build;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The port a Spring Boot web application listens on: {@code server.port} of its {@code
 * application.properties} or {@code application.yml} (the default profile's), else 8080, Spring
 * Boot's default. A placeholder with a default ({@code ${PORT:9000}}) gives its default; a value
 * that cannot be read gives 8080; {@code 0} (a random port) or {@code -1} (no web server) gives
 * none.
 */
public final class SpringBootPort {
  /** Spring Boot's default {@code server.port}. */
  public static final int DEFAULT = 8080;

  /** Larger configuration files are not read: the default applies. */
  static final long MAX_FILE = 1L << 20;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^:}]*:(\\d{1,5})}");

  private SpringBootPort() {}

  /**
   * The port, and the file that sets it, looked up in each directory in turn (the compiled
   * resources, then the sources).
   */
  public static Found of(List<Path> resourceDirectories) {
    for (Path directory : resourceDirectories) {
      for (String name : List.of("application.properties", "application.yml", "application.yaml")) {
        Path file = directory.resolve(name);
        Optional<String> value = read(file);
        if (value.isPresent()) {
          return new Found(port(value.get()), Optional.of(file));
        }
      }
    }
    return new Found(Optional.of(DEFAULT), Optional.empty());
  }

  /**
   * A port and where it was set.
   *
   * @param port the port, or empty when the application listens on none that can be known
   * @param file the file that sets {@code server.port}, or empty for Spring Boot's default
   */
  public record Found(Optional<Integer> port, Optional<Path> file) {}

  private static Optional<String> read(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
        return Optional.empty();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (file.getFileName().toString().endsWith(".properties")) {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return Optional.ofNullable(properties.getProperty("server.port"));
      }
      return fromYaml(text);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or not YAML: the application's own problem, not ours
    }
  }

  // The first document is the default profile's; server.port or server: port:.
  private static Optional<String> fromYaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(50);
    options.setCodePointLimit((int) MAX_FILE);
    Object document = new Yaml(new SafeConstructor(options)).loadAll(text).iterator().next();
    if (!(document instanceof Map<?, ?> root)) {
      return Optional.empty();
    }
    if (root.get("server.port") != null) {
      return Optional.of(String.valueOf(root.get("server.port")));
    }
    if (root.get("server") instanceof Map<?, ?> server && server.get("port") != null) {
      return Optional.of(String.valueOf(server.get("port")));
    }
    return Optional.empty();
  }

  private static Optional<Integer> port(String value) {
    String text = value.strip();
    Matcher placeholder = PLACEHOLDER.matcher(text);
    if (placeholder.matches()) {
      text = placeholder.group(1);
    }
    try {
      int port = Integer.parseInt(text);
      // 0 is a random port, -1 no web server: nothing to expose.
      return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.of(
          DEFAULT); // set at run time, e.g. ${PORT}: Spring Boot's default is a guess
    }
  }
}
