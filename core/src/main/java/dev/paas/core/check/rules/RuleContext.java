package dev.paas.core.check.rules;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.secrets.SecretScanner;
import dev.paas.core.check.vuln.NewerBaseFix;
import dev.paas.core.check.vuln.osv.AdvisoryDb;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.platform.Policy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the rules for one image are made from: the policy, the image, and what single rules need.
 *
 * @param secrets examines the config's values (the layers' files were examined as they were read)
 * @param signatures looks up the official base's signature
 * @param projectDirectory where the project's runtime descriptors are, if there is a project
 * @param advisories the advisories for the image's inventory; without any the {@code
 *     vulnerabilities} rule does not run
 * @param baseInventories the official bases' inventories, to tell whether a newer one has a fix
 */
public record RuleContext(
    Policy policy,
    InspectedImage image,
    ImageInventory inventory,
    SecretScanner secrets,
    BaseSignatureRule.Signatures signatures,
    BuildLog log,
    Optional<Path> projectDirectory,
    Advisories advisories,
    NewerBaseFix.BaseInventories baseInventories) {

  /** The advisories for the image's inventory, asked for when the rules are made. */
  public interface Advisories {
    Optional<AdvisoryDb> get() throws PaasException;
  }
}
