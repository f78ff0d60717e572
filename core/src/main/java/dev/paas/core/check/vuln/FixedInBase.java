package dev.paas.core.check.vuln;

import dev.paas.core.check.vuln.osv.Match;
import java.util.Optional;

/** Names an official base, other than the image's, that has a fixed version of the package. */
public interface FixedInBase {
  Optional<String> find(Match match);
}
