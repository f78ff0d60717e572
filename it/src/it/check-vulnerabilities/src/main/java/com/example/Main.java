package com.example;

import com.fasterxml.jackson.databind.ObjectMapper;

public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println(new ObjectMapper().readTree("{\"says\":\"hello\"}").get("says").asText());
  }
}
