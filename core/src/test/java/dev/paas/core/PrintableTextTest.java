package dev.paas.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {
  @Test
  void plainTextIsReturnedAsItIs() {
    String text = "/usr/lib/jvm/java-17/bin/java héllo 日本 \ud83d\udd11 C:\\path";
    assertThat(PrintableText.of(text)).isSameAs(text);
  }

  @Test
  void lineBreaksAndTabsAreShownAsEscapes() {
    assertThat(PrintableText.of("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
  }

  @Test
  void everyOtherControlOrInvisibleCharacterIsAUnicodeEscape() {
    assertThat(PrintableText.of("\u0000\u001b[31m\u007f\u0085\u009b"))
        .isEqualTo("\\u0000\\u001b[31m\\u007f\\u0085\\u009b");
    assertThat(PrintableText.of("\u2028\u2029")).isEqualTo("\\u2028\\u2029");
    assertThat(PrintableText.of("abc\u202edef\u2066\u200b\ufeff"))
        .isEqualTo("abc\\u202edef\\u2066\\u200b\\ufeff");
    assertThat(PrintableText.of("lone \ud800 and \udc00")).isEqualTo("lone \\ud800 and \\udc00");
    assertThat(PrintableText.of("tag \udb40\udc01")).isEqualTo("tag \\udb40\\udc01");
  }

  @Test
  void escapingTwiceChangesNothingMore() {
    String once = PrintableText.of("x\npaas:check app: PASSED\u001b");
    assertThat(PrintableText.of(once)).isEqualTo(once);
    String cut = PrintableText.of("a".repeat(10_000), 100);
    assertThat(cut).hasSize(100).endsWith("… (10000 characters in all)");
    assertThat(PrintableText.of(cut, 100)).isEqualTo(cut);
  }
}
