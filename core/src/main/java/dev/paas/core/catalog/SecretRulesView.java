package dev.paas.core.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.PaasException;
import dev.paas.core.check.secrets.InvalidSecretRules;
import dev.paas.core.check.secrets.SecretRule;
import dev.paas.core.check.secrets.SecretRules;
import dev.paas.core.platform.PlatformProfile;
import dev.paas.core.platform.SecretRuleSettings;
import java.util.List;
import java.util.Locale;

/**
 * The secret rules a profile puts in force, as {@code paas:options} lists them: a table after the
 * catalogue, or a {@code secretRules} member of its JSON.
 */
final class SecretRulesView {
  private SecretRulesView() {}

  /** The rules in force under {@code profile}. */
  static SecretRules rules(PlatformProfile profile) {
    if (profile.secrets().equals(SecretRuleSettings.NONE)) {
      return SecretRules.builtin();
    }
    try {
      return SecretRules.of(profile.secrets());
    } catch (InvalidSecretRules e) {
      // the parser checked them; a profile built otherwise fails here
      throw new IllegalStateException(
          new PaasException(profile.source() + ": secrets: " + e.getMessage(), e));
    }
  }

  /** One line per rule: id, severity, the keywords that wake it, what it finds. */
  static void table(PlatformProfile profile, StringBuilder out) {
    SecretRules rules = rules(profile);
    SecretRuleSettings settings = profile.secrets();
    out.append("\nSecret rules in force (")
        .append(rules.rules().size())
        .append("; rule set ")
        .append(rules.digest(), 0, 19)
        .append("):\n");
    out.append(String.format("%-42s  %-8s  %-30s  %s%n", "ID", "SEVERITY", "KEYWORDS", "FINDS"));
    for (SecretRule rule : rules.rules()) {
      String keywords = String.join(", ", rule.keywords());
      if (keywords.length() > 30) {
        keywords = keywords.substring(0, 27) + "...";
      }
      out.append(
              String.format(
                      "%-42s  %-8s  %-30s  %s%n",
                      rule.id(), rule.severity(), keywords, rule.title())
                  .stripTrailing())
          .append('\n');
    }
    if (!settings.disabled().isEmpty()) {
      out.append("Turned off by the platform: ")
          .append(String.join(", ", settings.disabled()))
          .append('\n');
    }
    if (!settings.allowedPaths().isEmpty() || !settings.allowedValueHashes().isEmpty()) {
      out.append("Allowed by the platform: paths ")
          .append(settings.allowedPaths())
          .append(", ")
          .append(settings.allowedValueHashes().size())
          .append(" value hash(es)\n");
    }
    out.append(
        "A profile changes them in its secrets section (rules, ruleFiles, disable, allow).\n");
  }

  /** The rules as a JSON array under {@code root}. */
  static void json(PlatformProfile profile, ObjectNode root) {
    SecretRules rules = rules(profile);
    ObjectNode secrets = root.putObject("secretRules");
    secrets.put("ruleSet", rules.digest());
    ArrayNode list = secrets.putArray("rules");
    for (SecretRule rule : rules.rules()) {
      ObjectNode node =
          list.addObject()
              .put("id", rule.id())
              .put("title", rule.title())
              .put("severity", rule.severity())
              .put("kind", rule.kind())
              .put("scope", rule.scope().name().toLowerCase(Locale.ROOT))
              .put("source", rule.source());
      rule.keywords().forEach(node.putArray("keywords")::add);
      rule.pattern().ifPresent(p -> node.put("regex", p.regex()));
      if (rule.entropy() > 0) {
        node.put("entropy", rule.entropy());
      }
    }
    List<String> disabled = profile.secrets().disabled();
    disabled.forEach(secrets.putArray("disabled")::add);
    profile.secrets().allowedPaths().forEach(secrets.putArray("allowedPaths")::add);
    secrets.put("allowedValueHashes", profile.secrets().allowedValueHashes().size());
  }
}
