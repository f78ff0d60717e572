package dev.paas.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real class files, compiled here by javac, read as Jib's main-class inference reads them. */
class MainClassesTest {
  @TempDir Path dir;

  private Path compile(Map<String, String> sources) throws IOException {
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
    return classes;
  }

  @Test
  void findsTheOneClassWithAPublicStaticVoidMainOfStrings() throws IOException {
    Path classes =
        compile(
            Map.of(
                "com.example.App",
                    """
            package com.example;
            public class App {
              static final long BIG = 1L << 40; // a long constant takes two pool entries
              static final double PI = 3.14;
              public static void main(String[] args) { Runnable r = () -> {}; r.run(); }
              class Inner {}
            }""",
                "com.example.Helper",
                    """
            package com.example;
            public class Helper {
              static void main(String[] args) {}           // not public
              public static int main(String[] args, int x) { return x; }
              public static void main(String arg) {}       // not String[]
            }""",
                "com.example.Instance",
                    """
            package com.example;
            public class Instance {
              public void main(String... args) {}          // not static
            }"""));

    assertThat(MainClasses.in(classes)).containsExactly("com.example.App");
  }

  @Test
  void listsEveryCandidateSorted() throws IOException {
    Path classes =
        compile(
            Map.of(
                "b.Tool", "package b; public class Tool { public static void main(String[] a) {} }",
                "a.Server",
                    "package a; public class Server { public static void main(String... a) {} }",
                "a.Api", "package a; public interface Api { static void main(String[] a) {} }"));

    assertThat(MainClasses.in(classes)).containsExactly("a.Api", "a.Server", "b.Tool");
  }

  @Test
  void noClassesNoCandidates() throws IOException {
    assertThat(MainClasses.in(dir.resolve("missing"))).isEmpty();
    assertThat(MainClasses.in(compile(Map.of("x.Y", "package x; class Y {}")))).isEmpty();
  }

  @Test
  void garbageAndTruncatedClassFilesAreNoCandidates() throws IOException {
    Path classes =
        compile(
            Map.of(
                "x.Main",
                "package x; public class Main { public static void main(String[] a) {} }"));
    byte[] real = Files.readAllBytes(classes.resolve("x/Main.class"));
    Files.write(classes.resolve("x/Truncated.class"), Arrays.copyOf(real, real.length - 20));
    Files.write(classes.resolve("x/Text.class"), "not a class".getBytes());
    byte[] badTag = real.clone();
    badTag[10] = 99; // the first constant's tag
    Files.write(classes.resolve("x/BadTag.class"), badTag);

    assertThat(MainClasses.in(classes)).containsExactly("x.Main");
    // A length that claims more than there is ends the read, not the build.
    byte[] huge = {
      (byte) 0xCA,
      (byte) 0xFE,
      (byte) 0xBA,
      (byte) 0xBE,
      0,
      0,
      0,
      61,
      (byte) 0xFF,
      (byte) 0xFF,
      1,
      (byte) 0xFF,
      (byte) 0xFF
    };
    assertThat(MainClasses.mainClassOf(new ByteArrayInputStream(huge))).isEmpty();
  }
}
