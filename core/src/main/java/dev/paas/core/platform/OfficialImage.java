package dev.paas.core.platform;

import java.util.List;

/**
 * An official base image of the platform.
 *
 * @param name what the platform calls it, e.g. {@code java17}
 * @param repository its registry repository, e.g. {@code registry.example/base/java17}
 * @param tags the accepted versions (tags); empty accepts any
 * @param isDefault whether a project that names no {@code baseImage} builds on it (its first tag)
 */
public record OfficialImage(String name, String repository, List<String> tags, boolean isDefault) {
  public OfficialImage {
    tags = List.copyOf(tags);
  }

  /** The reference a project builds on when it names no base image: the first accepted tag. */
  public String defaultReference() {
    return repository + (tags.isEmpty() ? "" : ":" + tags.get(0));
  }
}
