package dev.paas.core.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What only an unprivileged user meets, run by {@link UnprivilegedRunTest} as {@code nobody}: a
 * mode change of its own file it cannot read, and deleting directories it may not write or search.
 * Prints what it found.
 */
public final class UnprivilegedRootFsMain {
  private UnprivilegedRootFsMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createDirectory(Path.of(args[0]).resolve("root"));
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("a/b/c/file"), "f");
    Files.writeString(root.resolve("unreadable"), "u");
    Files.setAttribute(root.resolve("unreadable"), "unix:mode", 0);
    Files.setAttribute(root.resolve("a/b/c"), "unix:mode", 0);
    Files.setAttribute(root.resolve("a/b"), "unix:mode", 0555);
    try (RootFs fs = RootFs.open(root, RootFs.MissingParents.FAIL);
        RootEntry file = fs.entry("unreadable")) {
      file.chmod(0640);
      System.out.println("MODE " + Integer.toOctalString(file.lstat().orElseThrow().permissions()));
    }
    TreeRemoval.deleteTree(root.resolve("a"));
    System.out.println("DELETED " + !Files.exists(root.resolve("a")));
  }
}
