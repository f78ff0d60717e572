package dev.paas.core.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.rules.RuleInfo;
import dev.paas.core.platform.PlatformProfile;
import java.util.Locale;

/**
 * The compliance rules {@code paas:check} runs, at the level the profile's policy gives them, as
 * {@code paas:options} lists them: a table after the offers, or a {@code rules} member of its JSON.
 */
final class RulesView {
  private RulesView() {}

  /** One line per rule: id, level, title, where it is documented. */
  static void table(PlatformProfile profile, StringBuilder out) {
    out.append("\nCompliance rules of paas:check, at this profile's levels:\n");
    out.append(
        String.format("%-20s  %-5s  %-55s  %s%n", "RULE", "LEVEL", "TITLE", "DOCUMENTATION"));
    for (RuleInfo rule : RuleCatalogue.ALL) {
      String title = rule.title() + (rule.mandatory() ? " (mandatory)" : "");
      out.append(
          String.format(
              "%-20s  %-5s  %-55s  %s%n",
              rule.id(), level(profile, rule), title, rule.documentation()));
    }
  }

  /** The rules as a JSON array under {@code root}. */
  static void json(PlatformProfile profile, ObjectNode root) {
    ArrayNode rules = root.putArray("rules");
    for (RuleInfo rule : RuleCatalogue.ALL) {
      rules
          .addObject()
          .put("id", rule.id())
          .put("title", rule.title())
          .put("level", level(profile, rule))
          .put("mandatory", rule.mandatory())
          .put("documentation", rule.documentation());
    }
  }

  private static String level(PlatformProfile profile, RuleInfo rule) {
    return RuleCatalogue.level(profile.policy(), rule.id()).name().toLowerCase(Locale.ROOT);
  }
}
