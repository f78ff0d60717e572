package dev.paas.core.check.rules;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A file some glob of the policy names.
 *
 * @param relativePath relative to the project, with {@code /} separators: what findings name
 * @param glob the first glob that matched, so a finding can say where to move the file out of
 * @param content the regular file to read, or empty for a symbolic link that leaves the project
 */
record DescriptorFile(String relativePath, String glob, Optional<Path> content) {}
