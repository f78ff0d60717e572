package dev.paas.core.check.rules;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A rule's documentation, as reports and the console show it.
 *
 * @param id the stable rule id
 * @param title a short name
 * @param rationale why the platform has the rule
 * @param advice what to do about a finding
 */
public record RuleInfo(String id, String title, String rationale, String advice) {

  /** Every rule of the contract, in the order reports list them. */
  public static final List<RuleInfo> ALL = List.of(
      new RuleInfo("base-inheritance", "Built on an official base",
          "The image's layers (rootfs.diff_ids) must start with every layer of an official base "
              + "image, so the platform's OS, JRE and tooling are underneath whatever a team adds.",
          "Build on one of the platform's official images (see mvn paas:options), or on a custom "
              + "base built FROM one; a base rebuilt from scratch does not count"),
      new RuleInfo("base-signature", "Official base signed",
          "Where the platform publishes a public key, the official base's digest must carry a "
              + "valid cosign signature, so a look-alike base cannot pass as official.",
          "Use a base digest the platform team has signed (cosign sign), or ask them to sign it"),
      new RuleInfo("non-root", "Runs as a non-root user",
          "The configured user must resolve through the image's own /etc/passwd to a non-zero "
              + "uid: a process running as root turns any container escape into a host compromise.",
          "Set <user> in <paas> to a numeric uid or a user the image defines with a non-zero uid"),
      new RuleInfo("secrets", "No embedded secrets",
          "Images are copied to registries, caches and laptops; a key or password in any layer "
              + "(even one a later layer deletes), archive, variable, label or history is leaked.",
          "Remove the secret from the image (and rotate it): inject it at run time from the "
              + "platform's secret store; if it is not a secret, paste the <waiver> shown with it"),
      new RuleInfo("setuid", "No setuid or setgid files added",
          "A setuid or setgid file added above the base lets a process gain privileges.",
          "Remove the setuid/setgid bit (chmod u-s,g-s) in the script or layer that adds the file"),
      new RuleInfo("world-writable", "No world-writable files added",
          "A world-writable file or directory added above the base lets any process change it.",
          "Remove write permission for others (chmod o-w), or use a directory with the sticky bit"),
      new RuleInfo("base-tamper", "Protected base files untouched",
          "Upper layers must not delete or replace what the official base provides under the "
              + "protected paths (system binaries and libraries, certificates, /etc/shadow).",
          "Add new files instead of replacing the base's; ask the platform team for a base that "
              + "has what you need"),
      new RuleInfo("privileged-runtime", "No privileged runtime",
          "Runtime descriptors kept with the app must not ask for privileged mode, privilege "
              + "escalation, uid 0, host namespaces or added capabilities.",
          "Remove the setting from the descriptor; run as a non-root user without extra "
              + "capabilities"),
      new RuleInfo("vulnerabilities", "No known vulnerabilities above the policy's severity",
          "OS packages and Java libraries are matched against OSV advisories.",
          "Upgrade the package or library (or the official base), or paste the <waiver> shown "
              + "with it and give its reason"));

  private static final Map<String, RuleInfo> BY_ID =
      ALL.stream().collect(Collectors.toMap(RuleInfo::id, Function.identity()));

  /** The rule with this id. */
  public static RuleInfo of(String id) {
    RuleInfo info = BY_ID.get(id);
    if (info == null) {
      throw new IllegalArgumentException("No rule " + id);
    }
    return info;
  }
}
