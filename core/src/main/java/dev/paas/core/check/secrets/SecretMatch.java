package dev.paas.core.check.secrets;

/**
 * A secret found in a file, an archive entry or a config value. It holds no secret: only a redacted
 * form and a fingerprint.
 *
 * @param kind what was found, e.g. {@code private-key}, {@code aws-access-key}, {@code password},
 *     {@code credential-file}, or {@code archive-limit} for an archive that could not be examined
 *     whole
 * @param description one sentence for the report, e.g. "an RSA private key"
 * @param path where: a file path, {@code /app/lib/a.jar!/application.properties} inside archives,
 *     or a config place such as {@code Env DB_PASSWORD}
 * @param line the 1-based line, or 0 where lines do not apply
 * @param redacted the value with all but a few characters masked, e.g. {@code AKIA************MPLE}
 * @param fingerprint stable for the same kind, path and value: what a waiver or allow-list names
 */
public record SecretMatch(
    String kind, String description, String path, int line, String redacted, String fingerprint) {}
