package com.example;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println("user: " + System.getProperty("user.name"));
    System.out.println("jvm args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.println("motd: " + read("/etc/acme/motd"));
    System.out.println("ACME_TIER=" + System.getenv("ACME_TIER"));
    System.out.println("orders motd via link: " + read("/etc/motd-orders")
        + " (symlink: " + Files.isSymbolicLink(Path.of("/etc/motd-orders")) + ")");
    System.out.println("base motd present: " + Files.exists(Path.of("/etc/motd")));
    System.out.println("wget: " + Files.isExecutable(Path.of("/usr/bin/wget")));
    System.out.println("tmp mode: "
        + Integer.toOctalString((Integer) Files.getAttribute(Path.of("/tmp"), "unix:mode") & 07777));
    try (Socket socket = new Socket("127.0.0.1", 6300)) {
      System.out.println("jacoco port 6300: open");
    } catch (IOException e) {
      System.out.println("jacoco port 6300: closed");
    }
  }

  private static String read(String path) throws IOException {
    Path file = Path.of(path);
    return Files.exists(file) ? Files.readString(file).strip() : "(absent)";
  }
}
