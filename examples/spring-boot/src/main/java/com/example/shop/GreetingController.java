package com.example.shop;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GreetingController {
  @GetMapping("/greeting")
  public String greeting(@RequestParam(name = "name", defaultValue = "shop") String name) {
    return "hello, " + name;
  }
}
