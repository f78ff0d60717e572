package dev.paas.maven.support;

import dev.paas.core.platform.Selection;
import java.util.ArrayList;
import java.util.List;

/**
 * An option or service chosen in {@code <paas>}: {@code <option>wget</option>}, or with
 * environments {@code <service><name>jacoco</name><environments><environment>test</environment>
 * </environments></service>}.
 */
public class OfferSelection {
  /** The option's or service's name in the platform profile. */
  String name;

  /** The environments it is wanted in; none means every environment the project builds. */
  List<String> environments = new ArrayList<>();

  /** For Maven, which fills the fields by name. */
  public OfferSelection() {}

  /** A selection made in code. */
  public OfferSelection(String name, List<String> environments) {
    this.name = name;
    this.environments = new ArrayList<>(environments);
  }

  /** Maven calls this for the short form, {@code <option>wget</option>}. */
  public void set(String name) {
    this.name = name;
  }

  /** The core's value: the name and environments, trimmed. */
  public Selection toSelection() {
    return new Selection(
        name == null ? "" : name.trim(),
        environments.stream().map(e -> e == null ? "" : e.trim()).toList());
  }
}
