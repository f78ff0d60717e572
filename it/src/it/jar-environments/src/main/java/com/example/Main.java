package com.example;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.lang3.StringUtils;

public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println("orders says " + StringUtils.upperCase("hello"));
    String uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[1];
    System.out.println("uid=" + uid);
    System.out.println("flag=" + System.getProperty("orders.flag"));
    System.out.println("greeting=" + System.getProperty("greeting"));
    System.out.println("jvm=" + ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.println("resource=" + new String(
        Main.class.getResourceAsStream("/orders.properties").readAllBytes()).trim());
  }
}
