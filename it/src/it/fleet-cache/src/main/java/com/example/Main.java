package com.example;

import java.nio.file.Files;
import java.nio.file.Path;

public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println("orders motd: " + Files.readString(Path.of("/opt/orders/motd.txt")).strip());
    System.out.println("wget installed: " + Files.isExecutable(Path.of("/usr/bin/wget")));
  }
}
