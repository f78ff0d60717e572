package dev.paas.core.build;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the classes of a compiled classes directory that declare {@code public static void
 * main(String[])}, as Jib's main-class inference does: each class file's constant pool and method
 * table are read, nothing is loaded or run.
 */
public final class MainClasses {
  /** Larger class files are skipped: the JVM's own limits keep real ones far below. */
  static final long MAX_CLASS_FILE = 16L << 20;

  /** At most this many class files are read, so a huge output directory cannot stall the build. */
  static final int MAX_CLASS_FILES = 100_000;

  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_STATIC = 0x0008;
  private static final String MAIN_DESCRIPTOR = "([Ljava/lang/String;)V";

  private MainClasses() {}

  /** The binary names ({@code com.example.Main}) of the classes with a main method, sorted. */
  public static List<String> in(Path classesDirectory) throws IOException {
    if (!Files.isDirectory(classesDirectory)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classesDirectory)) {
      files =
          walk.filter(p -> p.getFileName().toString().endsWith(".class"))
              .filter(Files::isRegularFile)
              .limit(MAX_CLASS_FILES)
              .sorted()
              .toList();
    }
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      if (Files.size(file) > MAX_CLASS_FILE) {
        continue;
      }
      try (InputStream in = Files.newInputStream(file)) {
        mainClassOf(in).ifPresent(found::add);
      }
    }
    return found.stream().sorted().toList();
  }

  /**
   * The class's binary name if the class file declares {@code public static void main(String[])}.
   */
  static Optional<String> mainClassOf(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      if (in.readInt() != 0xCAFEBABE) {
        return Optional.empty();
      }
      in.readUnsignedShort(); // minor version
      in.readUnsignedShort(); // major version
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] classNames = new int[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classNames[i] = in.readUnsignedShort();
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // a long or a double takes two entries
          }
          default -> {
            return Optional.empty(); // not a class file this reader knows
          }
        }
      }
      int access = in.readUnsignedShort();
      int thisClass = in.readUnsignedShort();
      in.readUnsignedShort(); // super class
      in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
      skipMembers(in);
      int methods = in.readUnsignedShort();
      boolean main = false;
      for (int m = 0; m < methods; m++) {
        int flags = in.readUnsignedShort();
        String name = entry(utf8, in.readUnsignedShort());
        String descriptor = entry(utf8, in.readUnsignedShort());
        skipAttributes(in);
        main |=
            (flags & (ACC_PUBLIC | ACC_STATIC)) == (ACC_PUBLIC | ACC_STATIC)
                && "main".equals(name)
                && MAIN_DESCRIPTOR.equals(descriptor);
      }
      // An interface may declare a static main too; an annotation or module-info never runs.
      boolean runnable = (access & 0x2000) == 0 && (access & 0x8000) == 0;
      if (!main || !runnable || thisClass <= 0 || thisClass >= count) {
        return Optional.empty();
      }
      String internal = entry(utf8, classNames[thisClass]);
      return internal == null ? Optional.empty() : Optional.of(internal.replace('/', '.'));
    } catch (EOFException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty(); // truncated or malformed: not a candidate
    }
  }

  private static void skipMembers(DataInputStream in) throws IOException {
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      in.skipNBytes(6);
      skipAttributes(in);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort();
      in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
    }
  }

  private static String entry(String[] utf8, int index) {
    return index > 0 && index < utf8.length ? utf8[index] : null;
  }
}
