package com.example;

/** No main method anywhere, and none named: nothing to infer, so the build must say so. */
public class Main {
  public static void run(String[] args) {
    System.out.println("hello from " + Main.class.getName());
  }
}
