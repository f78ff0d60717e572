package dev.paas.core.check.rules;

import dev.paas.core.PaasException;
import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.layer.InspectedImage;
import java.io.IOException;
import java.util.List;

/**
 * One compliance rule with a stable id. It returns what it finds as values; it never fails the
 * build itself: the policy gives its findings a level.
 */
public interface Rule {
  /** What the rule is: its id, title, default level; one of {@link RuleCatalogue#ALL}. */
  RuleInfo info();

  /** The rule's id. */
  default String id() {
    return info().id();
  }

  /** Every finding for this image. */
  List<Finding> check(InspectedImage image) throws PaasException, IOException;
}
