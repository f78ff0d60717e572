package com.example;

public class Hello {
  public String greet() {
    return "hello";
  }
}
