package dev.paas.core.check.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemverOrderTest {
  private final SemverOrder order = SemverOrder.INSTANCE;

  @Test
  void followsTheSpecsPrecedenceExample() {
    // https://semver.org/#spec-item-11
    List<String> expected =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1");
    List<String> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new Random(7));
    shuffled.sort(order);
    assertThat(shuffled).isEqualTo(expected);
  }

  @Test
  void comparesNumbersAsNumbersAndIgnoresBuildMetadata() {
    assertThat(order.compare("1.10.0", "1.9.0")).isPositive();
    assertThat(order.compare("1.0.0+build.5", "1.0.0+build.7")).isZero();
    assertThat(order.compare("v1.2.3", "1.2.3")).isZero();
    assertThat(order.compare("99999999999999999999.0.0", "1.0.0")).isPositive();
    assertThat(order.compare("1.0.0-rc.1+x", "1.0.0")).isNegative();
    assertThat(order.compare("1.0.0-x-y", "1.0.0-x")).isPositive();
  }

  @Test
  void neverFailsOnVersionsThatAreNotSemver() {
    assertThat(order.compare("1.2", "1.2.0")).isZero();
    assertThat(order.compare("1", "1.0.1")).isNegative();
    assertThat(order.compare("", "0.0.0")).isZero();
    assertThat(order.compare("banana", "1.0.0")).isPositive();
    assertThat(order.compare("1.2.3.4", "1.2.3")).isPositive();
    assertThat(order.compare("1..3", "1.0.3")).isZero();
    assertThat(order.compare("1.0.0-", "1.0.0")).isNegative();
  }
}
