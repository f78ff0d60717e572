package dev.paas.core.platform;

/**
 * A file an option or a service adds to the image.
 *
 * @param path where it goes in the image (absolute)
 * @param content its text
 * @param mode its permission bits, e.g. {@code 0644}
 */
public record ImageFile(String path, String content, int mode) {}
