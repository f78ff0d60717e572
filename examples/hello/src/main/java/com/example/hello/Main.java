package com.example.hello;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Prints a small JSON greeting: proof that the image, its JRE and its dependencies work. */
public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println(new ObjectMapper().writeValueAsString(
        Map.of("service", "hello", "java", System.getProperty("java.version"))));
  }
}
