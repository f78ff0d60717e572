package dev.paas.core.check.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlReaderTest {

  @Test
  void readsGitleaksShapes() throws Exception {
    Map<String, Object> root =
        TomlReader.read(
            """
        title = "x" # a comment
        [allowlist]
        paths = [
            '''a\\.b''',   # trailing comma and comments in arrays
        ]
        [[rules]]
        id = "one"
        regex = '''(?i)\\b(x+)'''
        entropy = 3.5
        secretGroup = 1
        keywords = ["a", "b"]
        [[rules.allowlists]]
        stopwords = ["s"]
        [[rules]]
        id = "two"
        description = "tab\\tand \\u00e9"
        inline = { a = 1, b = [true, false] }
        multi = \"\"\"
        line one
        line two\"\"\"
        """);

    assertThat(root.get("title")).isEqualTo("x");
    assertThat(((Map<?, ?>) root.get("allowlist")).get("paths")).isEqualTo(List.of("a\\.b"));
    List<?> rules = (List<?>) root.get("rules");
    Map<?, ?> one = (Map<?, ?>) rules.get(0);
    assertThat(one.get("regex")).isEqualTo("(?i)\\b(x+)");
    assertThat(one.get("entropy")).isEqualTo(3.5);
    assertThat(one.get("secretGroup")).isEqualTo(1L);
    assertThat(one.get("allowlists")).isEqualTo(List.of(Map.of("stopwords", List.of("s"))));
    Map<?, ?> two = (Map<?, ?>) rules.get(1);
    assertThat(two.get("description")).isEqualTo("tab\tand é");
    assertThat(two.get("inline")).isEqualTo(Map.of("a", 1L, "b", List.of(true, false)));
    assertThat(two.get("multi")).isEqualTo("line one\nline two");
  }

  @Test
  void namesTheLineOfAnError() {
    assertThatThrownBy(() -> TomlReader.read("a = 1\nb = \"open\nc = 2\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> TomlReader.read("a = 1\na = 2\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> TomlReader.read("r = \"\\d+\"\n"))
        .hasMessageContaining("literal string");
  }

  @Test
  void refusesHostileSizesAndNesting() {
    assertThatThrownBy(
            () -> TomlReader.read("a = \"" + "x".repeat(TomlReader.MAX_CHARACTERS) + "\""))
        .hasMessageContaining("more than");
    assertThatThrownBy(() -> TomlReader.read("a = " + "[".repeat(10_000)))
        .hasMessageContaining("nested deeper");
    assertThatThrownBy(() -> TomlReader.read("a = " + "{b = ".repeat(10_000)))
        .hasMessageContaining("nested deeper");
  }
}
