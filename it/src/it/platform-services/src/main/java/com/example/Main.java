package com.example;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

public class Main {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      // Stays up so that coverage can be dumped from outside the container.
      System.out.println("serving; jvm args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
      Thread.sleep(120_000);
      return;
    }
    System.out.println("jvm args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.println("motd: " + read("/etc/acme/motd"));
    System.out.println("ACME_TIER=" + System.getenv("ACME_TIER"));
    System.out.println("greeting: " + read("/etc/acme/greeting"));
    System.out.println("wget: " + Files.isExecutable(Path.of("/usr/bin/wget")));
    System.out.println("services dir: " + Files.isDirectory(Path.of("/opt/paas/services")));
    try (Socket socket = new Socket("127.0.0.1", 6300)) {
      System.out.println("jacoco port 6300: open");
    } catch (IOException e) {
      System.out.println("jacoco port 6300: closed");
    }
    try {
      HttpURLConnection metrics = (HttpURLConnection) new URL("http://127.0.0.1:9404/metrics").openConnection();
      try (InputStream in = metrics.getInputStream()) {
        long jvm = new String(in.readAllBytes()).lines().filter(l -> l.startsWith("jvm_")).count();
        System.out.println("metrics: " + metrics.getResponseCode() + " with " + (jvm > 0 ? "jvm_ lines" : "no jvm_ lines"));
      }
    } catch (IOException e) {
      System.out.println("metrics: none");
    }
    Path dump = Path.of("/opt/paas/services/jacoco/dump.sh");
    if (Files.isExecutable(dump)) {
      Path exec = Path.of("/tmp/coverage.exec");
      int exit = new ProcessBuilder(dump.toString(), exec.toString()).inheritIO().start().waitFor();
      byte[] bytes = Files.readAllBytes(exec);
      System.out.println("dump.sh exit " + exit + ", header " + HexFormat.of().formatHex(bytes, 0, Math.min(6, bytes.length))
          + ", session block " + (bytes.length > 5 && bytes[5] == 0x10));
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      return "(absent)";
    }
  }
}
