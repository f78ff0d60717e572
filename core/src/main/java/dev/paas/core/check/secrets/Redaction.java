package dev.paas.core.check.secrets;

/** How a secret value is shown in a report: enough characters to recognise it, never all. */
final class Redaction {
  private Redaction() {}

  /**
   * The value with all but a few characters masked. At most a quarter of a short value and half of
   * a long one shows, so no value can be read back whole.
   */
  static String of(String value) {
    int n = value.length();
    if (n < 4) {
      return "*".repeat(n);
    }
    int head;
    int tail;
    if (n >= 16) {
      head = 4;
      tail = 4;
    } else if (n >= 8) {
      head = 2;
      tail = 1;
    } else {
      head = 1;
      tail = 0;
    }
    return value.substring(0, head) + "*".repeat(n - head - tail) + value.substring(n - tail);
  }
}
