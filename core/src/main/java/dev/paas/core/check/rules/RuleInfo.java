package dev.paas.core.check.rules;

import dev.paas.core.platform.Policy;

/**
 * A rule's description of itself, as the catalogue, the reports, the console and the docs show it.
 *
 * @param id the stable rule id
 * @param title a short name
 * @param rationale why the platform has the rule
 * @param advice what to do about a finding
 * @param defaultLevel the rule's level where the policy does not set one
 * @param mandatory whether the rule can be neither waived nor set below {@code error}
 * @param documentation the rule's documentation, relative to the plugin's site
 * @param notRunBecause why the rule may have nothing to check (no key, no project), or empty
 */
public record RuleInfo(
    String id,
    String title,
    String rationale,
    String advice,
    Policy.Level defaultLevel,
    boolean mandatory,
    String documentation,
    String notRunBecause) {}
