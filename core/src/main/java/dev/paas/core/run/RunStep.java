package dev.paas.core.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One command run in the sandbox on the image's file system, whose changes become one layer: {@code
 * .paas/image-env.sh}, or the {@code run} commands of a platform option.
 *
 * @param name what the step is called in logs, errors and the image's history
 * @param scripts the shell script to run per OS family; {@link OsFamily#UNKNOWN} is the one for any
 *     family without its own
 * @param files a directory visible in the sandbox as {@code /.paas}, if any
 * @param environment variables added to the image's own environment while the script runs
 * @param addedFiles files written into the image before the script runs (an option's files); they
 *     are part of the step's layer
 */
public record RunStep(
    String name,
    Map<OsFamily, String> scripts,
    Optional<Path> files,
    Map<String, String> environment,
    List<AddedFile> addedFiles) {

  /**
   * A file a step adds.
   *
   * @param path its absolute path in the image
   * @param content its text (UTF-8)
   * @param mode its permission bits
   */
  public record AddedFile(String path, String content, int mode) {}

  public RunStep {
    scripts = Map.copyOf(scripts);
    environment = Map.copyOf(environment);
    addedFiles = List.copyOf(addedFiles);
  }

  /** A step that adds no files of its own. */
  public RunStep(
      String name,
      Map<OsFamily, String> scripts,
      Optional<Path> files,
      Map<String, String> environment) {
    this(name, scripts, files, environment, List.of());
  }

  /** A step that runs the same script whatever the OS family. */
  public static RunStep script(
      String name, String script, Optional<Path> files, Map<String, String> environment) {
    return new RunStep(name, Map.of(OsFamily.UNKNOWN, script), files, environment);
  }

  /** The script for a family, or empty when the step has none for it. */
  public Optional<String> scriptFor(OsFamily family) {
    return Optional.ofNullable(scripts.getOrDefault(family, scripts.get(OsFamily.UNKNOWN)));
  }
}
