package dev.paas.core.check.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WaiverTest {
  @Test
  void aWaiverNamesARuleAnIdAReasonAndADate() throws Exception {
    Waiver waiver = Waiver.of(1, " setuid ", " /app/bin/ping ", " legacy ", " 2027-01-31 ");
    assertThat(waiver)
        .isEqualTo(new Waiver("setuid", "/app/bin/ping", "legacy", LocalDate.of(2027, 1, 31)));
    assertThat(waiver.inForce(LocalDate.of(2027, 1, 31))).isTrue();
    assertThat(waiver.inForce(LocalDate.of(2027, 2, 1))).isFalse();
    Finding finding = Finding.of("setuid", "/app/bin/ping", "m", Location.image());
    assertThat(waiver.covers(finding)).isTrue();
    assertThat(new Waiver("setuid", finding.fingerprint(), "r", LocalDate.MAX).covers(finding))
        .isTrue();
    assertThat(new Waiver("world-writable", "/app/bin/ping", "r", LocalDate.MAX).covers(finding))
        .isFalse();
  }

  @Test
  void eachMistakeIsNamedWithTheWaiversNumber() {
    assertThatThrownBy(() -> Waiver.of(2, "setiud", "x", "r", "2027-01-01"))
        .hasMessageStartingWith(
            "<waivers><waiver> #2: 'setiud' is not a rule id. Did you mean 'setuid'?");
    assertThatThrownBy(() -> Waiver.of(1, null, "x", "r", "2027-01-01"))
        .hasMessageStartingWith("<waivers><waiver> #1 has no <rule>");
    assertThatThrownBy(() -> Waiver.of(1, "base-inheritance", "base", "r", "2027-01-01"))
        .hasMessage(
            "<waivers><waiver> #1: rule base-inheritance is mandatory and cannot be waived: "
                + "build on an official base instead");
    assertThatThrownBy(() -> Waiver.of(3, "secrets", " ", "r", "2027-01-01"))
        .hasMessageStartingWith("<waivers><waiver> #3 has no <id>");
    assertThatThrownBy(() -> Waiver.of(3, "secrets", "abc", "", "2027-01-01"))
        .hasMessageStartingWith("<waivers><waiver> #3 (secrets abc) has no <reason>");
    assertThatThrownBy(() -> Waiver.of(3, "secrets", "abc", "r", null))
        .hasMessageStartingWith("<waivers><waiver> #3 (secrets abc) has no <expires>");
    assertThatThrownBy(() -> Waiver.of(3, "secrets", "abc", "r", "31.01.2027"))
        .hasMessage(
            "<waivers><waiver> #3 (secrets abc): <expires>31.01.2027</expires> is not a "
                + "date: write it as YYYY-MM-DD, e.g. 2027-01-31");
  }
}
