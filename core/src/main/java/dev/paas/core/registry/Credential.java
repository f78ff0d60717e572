package dev.paas.core.registry;

/**
 * A user name and secret for a registry. The secret never appears in {@link #toString()}.
 *
 * @param username the user, or a token user name such as {@code <token>}
 * @param secret the password or token
 */
public record Credential(String username, String secret) {
  @Override
  public String toString() {
    return "Credential[" + username + ", ****]";
  }
}
