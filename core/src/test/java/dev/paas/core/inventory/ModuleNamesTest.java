package dev.paas.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.inventory.ModuleNames.Coordinates;
import org.junit.jupiter.api.Test;

class ModuleNamesTest {
  @Test
  void mapsTheDocumentedModuleAndBundleNames() {
    assertThat(ModuleNames.coordinates("spring.core"))
        .contains(new Coordinates("org.springframework", "spring-core"));
    assertThat(ModuleNames.coordinates("spring.context.support"))
        .contains(new Coordinates("org.springframework", "spring-context-support"));
    assertThat(ModuleNames.coordinates("org.springframework.core"))
        .contains(new Coordinates("org.springframework", "spring-core"));
    assertThat(ModuleNames.coordinates("spring.boot"))
        .contains(new Coordinates("org.springframework.boot", "spring-boot"));
    assertThat(ModuleNames.coordinates("spring.boot.starter.web"))
        .contains(new Coordinates("org.springframework.boot", "spring-boot-starter-web"));
    assertThat(ModuleNames.coordinates("spring.security.crypto"))
        .contains(new Coordinates("org.springframework.security", "spring-security-crypto"));
    assertThat(ModuleNames.coordinates("spring.data.jpa"))
        .contains(new Coordinates("org.springframework.data", "spring-data-jpa"));
    assertThat(ModuleNames.coordinates("com.h2database"))
        .contains(new Coordinates("com.h2database", "h2"));
    assertThat(ModuleNames.coordinates("org.h2")).contains(new Coordinates("com.h2database", "h2"));
  }

  @Test
  void otherNamesAreNotGuessed() {
    assertThat(ModuleNames.coordinates("spring.bootstrap"))
        .as("not Spring Boot")
        .contains(new Coordinates("org.springframework", "spring-bootstrap"));
    assertThat(ModuleNames.coordinates("spring.")).isEmpty();
    assertThat(ModuleNames.coordinates("spring.Core")).isEmpty();
    assertThat(ModuleNames.coordinates("com.fasterxml.jackson.databind")).isEmpty();
    assertThat(ModuleNames.coordinates("")).isEmpty();
    assertThat(ModuleNames.coordinates(null)).isEmpty();
  }
}
