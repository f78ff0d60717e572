package dev.paas.core.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.check.verdict.CheckReport;
import dev.paas.core.check.verdict.ReportedFinding;
import dev.paas.core.check.verdict.Waiver;
import dev.paas.core.platform.Policy;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The gate's verdict on one image as an in-toto predicate of this plugin's own type ({@value
 * #TYPE}): passed or failed, under which platform profile (its name, where it came from and the
 * digest of its bytes), with which rules at which level, how many findings each rule had, and the
 * waivers in force with their expiry.
 */
public final class VerdictPredicate {
  /** The predicate type; documented in signing.md, stable while the fields only grow. */
  public static final String TYPE = "https://paas.dev/attestations/verdict/v1";

  public static final String PASSED = "PASSED";
  public static final String FAILED = "FAILED";
  private static final ObjectMapper JSON = new ObjectMapper();

  private VerdictPredicate() {}

  /**
   * Where the verdict was reached: the profile (with {@code sha256:<hex>} of its bytes, empty when
   * unknown), the policy it set, the team's waivers.
   */
  public record Context(
      String profileName,
      String profileSource,
      String profileDigest,
      Policy policy,
      List<Waiver> waivers,
      LocalDate today,
      String toolVersion) {}

  /** The verdict predicate for {@code report}. */
  public static ImageAttestations.Attestation of(CheckReport report, Context context) {
    ObjectNode predicate = JSON.createObjectNode();
    predicate.put("verdict", report.passed() ? PASSED : FAILED);
    predicate.putObject("image").put("reference", report.image()).put("digest", report.digest());
    predicate
        .putObject("profile")
        .put("name", context.profileName())
        .put("source", context.profileSource())
        .put("digest", context.profileDigest());
    ArrayNode rules = predicate.putArray("rules");
    for (String rule : RuleCatalogue.IDS) {
      List<ReportedFinding> found =
          report.findings().stream().filter(f -> f.rule().equals(rule)).toList();
      rules
          .addObject()
          .put("id", rule)
          .put("level", RuleCatalogue.level(context.policy(), rule).name().toLowerCase(Locale.ROOT))
          .put("findings", found.size())
          .put("errors", found.stream().filter(ReportedFinding::failsBuild).count())
          .put("waived", found.stream().filter(ReportedFinding::waived).count());
    }
    ArrayNode waivers = predicate.putArray("waivers");
    for (Waiver waiver : context.waivers()) {
      if (waiver.inForce(context.today())) {
        waivers
            .addObject()
            .put("rule", waiver.rule())
            .put("id", waiver.id())
            .put("reason", waiver.reason())
            .put("expires", waiver.expires().toString());
      }
    }
    predicate
        .putObject("tool")
        .put("name", "paas-maven-plugin")
        .put("version", context.toolVersion());
    return new ImageAttestations.Attestation(TYPE, predicate);
  }
}
