package dev.paas.core.platform;

import java.util.List;

/**
 * A project's choice of an option or a service, as its build configuration names it.
 *
 * @param name the option's or service's name in the platform profile
 * @param environments the environments it is wanted in; empty means every environment the project
 *     builds (and the profile allows)
 */
public record Selection(String name, List<String> environments) {
  public Selection {
    environments = List.copyOf(environments);
  }
}
