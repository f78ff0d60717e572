package dev.paas.core.run;

import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Names inside an unpacked root file system: a layer entry's name normalised, and read-only
 * look-ups resolved the way the kernel would resolve them after {@code chroot} (a symbolic link is
 * followed relative to that root, and {@code ..} stops at it). Whatever is created, changed or
 * deleted goes through {@link RootFs} instead, whose handles a later change cannot redirect.
 */
final class RootPath {
  private static final int MAX_LINKS = 40;

  private RootPath() {}

  /**
   * The normalised relative name of a layer entry ({@code ./a/b/}, {@code /a/b} and {@code a/b} are
   * {@code a/b}), or empty for the root itself.
   *
   * @throws PaasException when the name has a {@code ..} component: it would lead outside
   */
  static String entryName(String raw, String where) throws PaasException {
    List<String> parts = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new PaasException(
            where
                + ": the entry '"
                + RootFs.shown(raw)
                + "' leads outside the image's file "
                + "system (..); refused. The image is malformed or hostile: rebuild it or choose "
                + "another base image");
      }
      if (part.indexOf('\0') >= 0) {
        throw new PaasException(
            where
                + ": the entry '"
                + RootFs.shown(raw.replace('\0', '?'))
                + "' has a NUL character in its name; refused");
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }

  /** Resolves every component of {@code name} inside {@code root}, the last one too. */
  static Path resolve(Path root, String name) throws PaasException {
    Deque<String> todo = new ArrayDeque<>(List.of(name.split("/")));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      Path candidate = join(root, resolved).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new PaasException(
              "Too many symbolic links while resolving /"
                  + name
                  + " in the image's file system (a loop?)");
        }
        String target;
        try {
          target = Files.readSymbolicLink(candidate).toString();
        } catch (IOException e) {
          throw new PaasException("Cannot read the link /" + name + ": " + e.getMessage(), e);
        }
        if (target.startsWith("/")) {
          resolved.clear();
        }
        String[] targetParts = target.split("/");
        for (int i = targetParts.length - 1; i >= 0; i--) {
          todo.addFirst(targetParts[i]);
        }
        continue;
      }
      resolved.add(part);
    }
    return join(root, resolved);
  }

  private static Path join(Path root, List<String> parts) {
    Path path = root;
    for (String part : parts) {
      path = path.resolve(part);
    }
    return path;
  }
}
