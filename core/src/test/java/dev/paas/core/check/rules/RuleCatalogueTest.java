package dev.paas.core.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import dev.paas.core.archive.ArchiveLimits;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.secrets.SecretRules;
import dev.paas.core.check.secrets.SecretScanner;
import dev.paas.core.platform.KnownRules;
import dev.paas.core.platform.PlatformProfiles;
import dev.paas.core.platform.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RuleCatalogueTest {
  private static final Path SITE =
      Path.of(System.getProperty("user.dir")).resolveSibling("src/site/markdown");

  @Test
  void theProfileParserIsHandedTheCataloguesRules() {
    KnownRules installed = KnownRules.installed();

    assertThat(installed).isInstanceOf(RuleCatalogue.class);
    assertThat(installed.ids()).isEqualTo(RuleCatalogue.IDS).doesNotHaveDuplicates();
    assertThat(installed.mandatory()).containsExactly(BaseInheritanceRule.ID);
  }

  @Test
  void theEmbeddedPolicySetsEachRuleToItsDefaultLevel() throws PaasException {
    Map<String, Policy.Level> levels = PlatformProfiles.embedded().policy().levels();

    for (RuleInfo rule : RuleCatalogue.ALL) {
      assertThat(levels.get(rule.id())).as(rule.id()).isEqualTo(rule.defaultLevel());
    }
  }

  @Test
  void aRuleThePolicyDoesNotNameHasItsDefaultLevel() {
    Policy policy =
        new Policy(
            Map.of("setuid", Policy.Level.WARN),
            Policy.Severity.HIGH,
            List.of(),
            List.of(),
            Optional.empty(),
            List.of());

    assertThat(RuleCatalogue.level(policy, "setuid")).isEqualTo(Policy.Level.WARN);
    assertThat(RuleCatalogue.level(policy, "non-root")).isEqualTo(NonRootRule.INFO.defaultLevel());
  }

  @Test
  void theDocsListEveryRuleInCatalogueOrder() throws IOException {
    String page = Files.readString(SITE.resolve("check.md"));
    Matcher row =
        Pattern.compile("(?m)^\\| `([a-z-]+)` \\|")
            .matcher(
                page.substring(
                    page.indexOf("## The rules"),
                    page.indexOf("\n## ", page.indexOf("## The rules") + 1)));
    List<String> documented = row.results().map(m -> m.group(1)).toList();

    assertThat(documented).isEqualTo(RuleCatalogue.IDS);
  }

  @Test
  void eachRulesDocumentationLinkNamesAPageAndHeadingThatExist() throws IOException {
    for (RuleInfo rule : RuleCatalogue.ALL) {
      String[] link = rule.documentation().split("#", 2);
      Path page = SITE.resolve(link[0].replace(".html", ".md"));
      assertThat(page).as(rule.id()).isRegularFile();
      if (link.length == 2) {
        assertThat(Files.readString(page))
            .as(rule.id())
            .containsPattern("(?m)^#+ " + Pattern.quote(link[1].replace('_', ' ')) + "$");
      }
    }
  }

  @Test
  void theSecretsRuleDropsSecretsThePolicyAllows() throws Exception {
    String token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    InspectedImage image =
        InspectedImage.of(
            "app",
            "sha256:0",
            new ObjectMapper().readTree("{\"config\":{\"Env\":[\"TOKEN=" + token + "\"]}}"),
            List.of(),
            List.of());
    SecretScanner scanner = new SecretScanner(ArchiveLimits.DEFAULT, SecretRules.builtin());
    List<Finding> all = new SecretsRule(scanner, List.of()).check(image);
    assertThat(all).isNotEmpty();

    List<String> allowed = all.stream().map(Finding::fingerprint).toList();
    assertThat(new SecretsRule(scanner, allowed).check(image)).isEmpty();
  }
}
