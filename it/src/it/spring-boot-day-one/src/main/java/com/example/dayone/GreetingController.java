package com.example.dayone;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GreetingController {
  @GetMapping("/greeting")
  public String greeting(@RequestParam(name = "name", defaultValue = "day one") String name) {
    return "hello, " + name;
  }
}
