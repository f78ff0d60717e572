package dev.paas.maven.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.model.Plugin;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Values of another plugin's configuration in a project's model, as Maven merges them for a goal.
 */
public final class PluginConfigurations {
  private PluginConfigurations() {}

  /** The plugin's own configuration, then each execution's; none for a plugin the project lacks. */
  public static List<Object> of(Plugin plugin) {
    if (plugin == null) {
      return List.of();
    }
    List<Object> configurations = new ArrayList<>();
    configurations.add(plugin.getConfiguration());
    plugin.getExecutions().forEach(e -> configurations.add(e.getConfiguration()));
    return configurations;
  }

  /** The first of {@link #of}'s configurations that sets the element at {@code path}. */
  public static Optional<String> first(Plugin plugin, String... path) {
    for (Object configuration : of(plugin)) {
      Optional<String> value = value(configuration, path);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  /**
   * The text of the element at {@code path} below {@code configuration}: empty where it is missing,
   * blank, or an uninterpolated {@code ${...}} (an unset property, as in
   * spring-boot-starter-parent's {@code ${start-class}}), which names nothing.
   */
  public static Optional<String> value(Object configuration, String... path) {
    if (!(configuration instanceof Xpp3Dom dom)) {
      return Optional.empty();
    }
    for (String name : path) {
      dom = dom.getChild(name);
      if (dom == null) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(dom.getValue())
        .map(String::strip)
        .filter(v -> !v.isEmpty() && !v.contains("${"));
  }
}
