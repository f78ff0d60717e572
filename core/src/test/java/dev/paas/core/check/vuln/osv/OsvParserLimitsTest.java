package dev.paas.core.check.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile documents are refused within bounds, with a message, never read whole or deep. */
class OsvParserLimitsTest {

  @Test
  void aDocumentLargerThanTheLimitIsRefusedUnread() {
    byte[] huge = new byte[OsvParser.MAX_DOCUMENT_BYTES + 1];

    assertThatThrownBy(() -> OsvParser.parse(huge, "big.json"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("big.json: not an OSV advisory: it is larger than 32 MiB");
    assertThatThrownBy(() -> new OsvParser().read(new ByteArrayInputStream(huge), "big.json"))
        .hasMessageContaining("it is larger than 32 MiB");
  }

  @Test
  void deepNestingIsRefusedAtTheLimit() throws Exception {
    String deep = "[".repeat(OsvParser.MAX_DEPTH + 1) + "]".repeat(OsvParser.MAX_DEPTH + 1);

    assertThatThrownBy(() -> parse("{\"id\": \"X\", \"database_specific\": {\"x\": " + deep + "}}"))
        .isInstanceOf(PaasException.class)
        .hasMessageContaining("it goes past a limit set for hostile documents")
        .hasMessageContaining("nesting depth");
    assertThat(parse("{\"id\": \"X\", \"database_specific\": {\"x\": [[[[1]]]]}}").id())
        .isEqualTo("X");
  }

  @Test
  void aNullInAListIsRefusedWhereItIs() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"},
          "versions": ["1", null]}]}"""))
        .hasMessageContaining("\"affected[0].versions[1]\"");
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"},
          "ranges": [{"type": "ECOSYSTEM", "events": null}]}]}"""))
        .hasMessageContaining("\"affected[0].ranges[0].events\" must be an array, not null");
  }

  @Test
  void aNumberIsNoVersion() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        {"id": "X", "affected": [{"package": {"ecosystem": "Maven", "name": "a:b"},
          "versions": [1.5]}]}"""))
        .hasMessageContaining("\"affected[0].versions[0]\" must be a string, not a number");
    assertThatThrownBy(() -> parse("{\"id\": \"X\", \"aliases\": [true]}"))
        .hasMessageContaining("\"aliases[0]\" must be a string, not a boolean");
  }

  private static Advisory parse(String json) throws PaasException {
    return OsvParser.parse(json.getBytes(StandardCharsets.UTF_8), "doc.json");
  }
}
