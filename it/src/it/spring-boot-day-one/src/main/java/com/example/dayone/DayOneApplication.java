package com.example.dayone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DayOneApplication {
  public static void main(String[] args) {
    SpringApplication.run(DayOneApplication.class, args);
  }
}
