package com.example;

import java.nio.file.Files;
import java.nio.file.Path;

public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println("user: " + System.getProperty("user.name"));
    System.out.println("heavy tool: " + Files.readString(Path.of("/opt/heavy/tool.txt")).strip());
    System.out.println("motd: " + Files.readString(Path.of("/etc/acme/motd")).strip());
  }
}
