package com.example.hello;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Prints a small JSON greeting: proof that the image, its JRE and its dependencies work, and that
 * {@code .paas/image-env.sh} wrote {@code /etc/hello.properties} into it; the Java agents the
 * environment's services added (JaCoCo in test, none in prod), and the option's encoding.
 */
public class Main {
  public static void main(String[] args) throws Exception {
    Properties settings = new Properties();
    Path file = Path.of("/etc/hello.properties");
    if (Files.isReadable(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        settings.load(in);
      }
    }
    System.out.println(new ObjectMapper().writeValueAsString(new java.util.TreeMap<>(Map.of("service", "hello",
        "java", System.getProperty("java.version"),
        "greeting", settings.getProperty("greeting", "(no /etc/hello.properties)"),
        "encoding", System.getProperty("file.encoding"),
        "agents", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-javaagent:")).toList()))));
  }
}
