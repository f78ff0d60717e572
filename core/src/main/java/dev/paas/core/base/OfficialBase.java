package dev.paas.core.base;

import java.util.List;

/**
 * One accepted version of an official base image, as resolved for a check.
 *
 * @param name the platform's name for it, e.g. {@code java17}
 * @param reference where it was read, e.g. {@code registry.example/base/java17:1}
 * @param digest its manifest digest
 * @param diffIds its layers, lowest first: an image built on it starts with them
 * @param user the user its config runs as: the platform's user for images built on it
 */
public record OfficialBase(
    String name, String reference, String digest, List<String> diffIds, String user) {
  public OfficialBase {
    diffIds = List.copyOf(diffIds);
  }

  /** A base whose user is not known (not needed). */
  public OfficialBase(String name, String reference, String digest, List<String> diffIds) {
    this(name, reference, digest, diffIds, "");
  }

  /** Whether {@code layers} start with every layer of this base. */
  public boolean isPrefixOf(List<String> layers) {
    return !diffIds.isEmpty()
        && layers.size() >= diffIds.size()
        && layers.subList(0, diffIds.size()).equals(diffIds);
  }
}
