package dev.paas.maven;

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

  /** Maven calls this for the short form, {@code <option>wget</option>}. */
  public void set(String name) {
    this.name = name;
  }

  Selection toSelection() {
    return new Selection(name == null ? "" : name.trim(),
        environments.stream().map(e -> e == null ? "" : e.trim()).toList());
  }
}
