package dev.paas.core.check.rules;

import dev.paas.core.check.secrets.InvalidSecretRules;
import dev.paas.core.check.secrets.SecretRules;
import dev.paas.core.platform.KnownRules;
import dev.paas.core.platform.SecretRuleSettings;
import java.util.List;
import java.util.Optional;

/** Every rule of the check: the one list the policy, the reports and the check take them from. */
public final class RuleCatalogue implements KnownRules {
  /** Every rule id of the contract, in the order reports list them. */
  public static final List<String> IDS = RuleInfo.ALL.stream().map(RuleInfo::id).toList();

  /** Rules that can be neither waived nor set below {@code error}. */
  public static final List<String> MANDATORY = List.of(BaseInheritanceRule.ID);

  @Override
  public List<String> ids() {
    return IDS;
  }

  @Override
  public List<String> mandatory() {
    return MANDATORY;
  }

  @Override
  public int maxSecretRuleFileCharacters() {
    return SecretRules.MAX_FILE_CHARACTERS;
  }

  @Override
  public Optional<String> secretRulesProblem(SecretRuleSettings settings) {
    try {
      SecretRules.of(settings);
      return Optional.empty();
    } catch (InvalidSecretRules e) {
      return Optional.of(e.getMessage());
    }
  }
}
