package dev.paas.core.check.rules;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the runtime descriptors of a project: the {@code .yml}, {@code .yaml} and {@code .json}
 * files a glob matches, outside {@code target} and hidden directories, without following links.
 */
final class DescriptorFiles {
  private static final List<String> SUFFIXES = List.of(".yml", ".yaml", ".json");

  private DescriptorFiles() {}

  /** The matching files, sorted by relative path; none if the project directory is missing. */
  static List<DescriptorFile> find(Path projectDirectory, List<String> globs) throws IOException {
    List<Glob> compiled = globs.stream().filter(g -> !g.isBlank()).map(Glob::of).toList();
    if (compiled.isEmpty() || !Files.isDirectory(projectDirectory)) {
      return List.of();
    }
    Path root = projectDirectory.toRealPath();
    List<DescriptorFile> found = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            // target/ holds build output (copies, test fixtures), not what the team deploys.
            boolean skipped = !dir.equals(root) && (name.startsWith(".") || name.equals("target"));
            return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String relative = relative(root, file);
            String lower = relative.toLowerCase(Locale.ROOT);
            if (SUFFIXES.stream().noneMatch(lower::endsWith)) {
              return FileVisitResult.CONTINUE;
            }
            Optional<Glob> glob = compiled.stream().filter(g -> g.matches(relative)).findFirst();
            if (glob.isEmpty()) {
              return FileVisitResult.CONTINUE;
            }
            if (attrs.isRegularFile()) {
              found.add(new DescriptorFile(relative, glob.get().pattern(), Optional.of(file)));
            } else if (attrs.isSymbolicLink()) {
              // A link out of the project is reported, not read: the rule does not read files the
              // project does not own, and cannot vouch for them either.
              linkedFile(file)
                  .ifPresent(
                      target ->
                          found.add(
                              new DescriptorFile(
                                  relative,
                                  glob.get().pattern(),
                                  Optional.of(target).filter(t -> t.startsWith(root)))));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    found.sort(Comparator.comparing(DescriptorFile::relativePath));
    return found;
  }

  // A dangling link, or one to a directory or device, is not a descriptor anyone can deploy.
  private static Optional<Path> linkedFile(Path link) {
    try {
      Path target = link.toRealPath();
      return Files.isRegularFile(target) ? Optional.of(target) : Optional.empty();
    } catch (IOException dangling) {
      return Optional.empty();
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }
}
