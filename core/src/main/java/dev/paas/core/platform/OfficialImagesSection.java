package dev.paas.core.platform;

import dev.paas.core.image.ImageReference;
import dev.paas.core.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a profile's {@code officialImages} section. */
final class OfficialImagesSection {
  private static final List<String> IMAGE_KEYS = List.of("name", "repository", "tags", "default");

  private final YamlNodes nodes;

  OfficialImagesSection(YamlNodes nodes) {
    this.nodes = nodes;
  }

  List<OfficialImage> officialImages(Node node) {
    List<OfficialImage> images = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    boolean haveDefault = false;
    for (Node item : nodes.sequence(node, "officialImages")) {
      Map<String, Node> fields = nodes.mapping(item, "an official image", IMAGE_KEYS);
      String name =
          nodes.name(
              nodes.required(item, fields, "name", "the official image's name, e.g. java17"),
              "official image");
      if (!names.add(name)) {
        throw nodes.fail(fields.get("name"), "the official image '" + name + "' is listed twice");
      }
      Node repositoryNode =
          nodes.required(
              item,
              fields,
              "repository",
              "its registry repository, e.g. registry.example/base/java17");
      String repository = nodes.scalar(repositoryNode, "repository");
      if (repository.contains("@") || repository.lastIndexOf(':') > repository.lastIndexOf('/')) {
        throw nodes.fail(
            repositoryNode,
            "'"
                + repository
                + "' has a tag or digest: write the repository "
                + "alone, e.g. registry.example/base/java17, and list accepted versions in 'tags'");
      }
      try {
        if (!ImageReference.parse(repository, "repository").isRegistry()) {
          throw nodes.fail(repositoryNode, "'" + repository + "' is not a registry repository");
        }
      } catch (InvalidReferenceException e) {
        throw nodes.fail(
            repositoryNode, "'" + repository + "' is not a registry repository: " + e.getMessage());
      }
      List<String> tags =
          fields.containsKey("tags") ? nodes.strings(fields.get("tags"), "tags") : List.of();
      boolean isDefault =
          fields.containsKey("default") && nodes.bool(fields.get("default"), "default");
      if (isDefault && haveDefault) {
        throw nodes.fail(fields.get("default"), "only one official image can be the default");
      }
      haveDefault |= isDefault;
      images.add(new OfficialImage(name, repository, tags, isDefault));
    }
    return images;
  }
}
