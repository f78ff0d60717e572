package dev.paas.maven;

/** One {@code <waiver>} of {@code <paas><waivers>}: rule, finding id, reason, expiry date. */
public class WaiverConfiguration {
  /** The rule whose finding is accepted, e.g. {@code secrets}. */
  String rule;

  /** The finding's id as the report gives it (for a secret, its fingerprint). */
  String id;

  /** Why the finding is accepted. */
  String reason;

  /** The last day the waiver applies, {@code YYYY-MM-DD}. */
  String expires;
}
