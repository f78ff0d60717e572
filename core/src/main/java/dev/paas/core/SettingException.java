package dev.paas.core;

/**
 * A failure about a setting the user gives: the message names it with {@link Setting}'s marks,
 * which the front end words as its users write the setting.
 */
public class SettingException extends PaasException {
  private static final long serialVersionUID = 1L;

  private final Setting setting;

  public SettingException(Setting setting, String message) {
    super(message);
    this.setting = setting;
  }

  public SettingException(Setting setting, String message, Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /** The setting the failure is about. */
  public Setting setting() {
    return setting;
  }
}
