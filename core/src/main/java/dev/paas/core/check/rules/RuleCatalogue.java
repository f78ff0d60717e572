package dev.paas.core.check.rules;

import dev.paas.core.PaasException;
import dev.paas.core.check.secrets.InvalidSecretRules;
import dev.paas.core.check.secrets.SecretRules;
import dev.paas.core.check.signature.CosignVerifier;
import dev.paas.core.check.vuln.NewerBaseFix;
import dev.paas.core.check.vuln.osv.AdvisoryMatcher;
import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.platform.KnownRules;
import dev.paas.core.platform.Policy;
import dev.paas.core.platform.SecretRuleSettings;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every rule of the check, the one list the profile's policy, the catalogue of {@code
 * paas:options}, the reports, the docs' test and the check itself take them from. A new rule is one
 * class and one entry here.
 */
public final class RuleCatalogue implements KnownRules {
  /** Makes a rule for one image; empty when the rule has nothing to check there. */
  private interface Factory {
    Optional<Rule> make(RuleContext context) throws PaasException;
  }

  private record Entry(RuleInfo info, Factory factory) {}

  /** The rules, in the order reports list them. */
  private static final List<Entry> ENTRIES =
      List.of(
          new Entry(BaseInheritanceRule.INFO, c -> Optional.of(new BaseInheritanceRule())),
          // Without a published key there is no signature to verify: the rule does not run.
          new Entry(
              BaseSignatureRule.INFO,
              c ->
                  publicKey(c.policy())
                      .map(key -> new BaseSignatureRule(key, c.signatures(), c.log()))),
          new Entry(NonRootRule.INFO, c -> Optional.of(new NonRootRule())),
          new Entry(
              SecretsRule.INFO,
              c -> Optional.of(new SecretsRule(c.secrets(), c.policy().allowedSecrets()))),
          new Entry(SetuidRule.INFO, c -> Optional.of(new SetuidRule())),
          new Entry(WorldWritableRule.INFO, c -> Optional.of(new WorldWritableRule())),
          new Entry(
              BaseTamperRule.INFO,
              c -> Optional.of(new BaseTamperRule(c.policy().protectedPaths()))),
          new Entry(
              PrivilegedRuntimeRule.INFO,
              c ->
                  c.projectDirectory()
                      .map(dir -> new PrivilegedRuntimeRule(dir, c.policy().runtimeDescriptors()))),
          new Entry(
              VulnerabilitiesRule.INFO,
              c ->
                  c.advisories()
                      .get()
                      .map(
                          db -> {
                            AdvisoryMatcher matcher =
                                new AdvisoryMatcher(VersionSchemes::forEcosystem);
                            return new VulnerabilitiesRule(
                                c.inventory(),
                                db,
                                matcher,
                                new NewerBaseFix(c.image(), c.baseInventories(), matcher, db));
                          })));

  /** Every rule's description, in the order reports list them. */
  public static final List<RuleInfo> ALL = ENTRIES.stream().map(Entry::info).toList();

  /** Every rule id of the contract, in the order reports list them. */
  public static final List<String> IDS = ALL.stream().map(RuleInfo::id).toList();

  /** Rules that can be neither waived nor set below {@code error}. */
  public static final List<String> MANDATORY =
      ALL.stream().filter(RuleInfo::mandatory).map(RuleInfo::id).toList();

  /** The rule with this id, if there is one. */
  public static Optional<RuleInfo> find(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** A rule's level under {@code policy}: the policy's, or the rule's default. */
  public static Policy.Level level(Policy policy, String id) {
    Policy.Level otherwise = find(id).map(RuleInfo::defaultLevel).orElse(Policy.Level.ERROR);
    return policy.levels().getOrDefault(id, otherwise);
  }

  /** The rules for one image, in catalogue order; a rule with nothing to check is left out. */
  public static List<Rule> forImage(RuleContext context) throws PaasException {
    List<Rule> rules = new ArrayList<>();
    for (Entry entry : ENTRIES) {
      entry.factory().make(context).ifPresent(rules::add);
    }
    return rules;
  }

  private static Optional<PublicKey> publicKey(Policy policy) throws PaasException {
    try {
      return policy.publicKey().map(CosignVerifier::publicKey);
    } catch (IllegalArgumentException e) {
      throw new PaasException("The platform profile's policy.publicKey: " + e.getMessage(), e);
    }
  }

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
