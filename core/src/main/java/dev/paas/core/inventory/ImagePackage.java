package dev.paas.core.inventory;

/**
 * A package as it is installed in an image: visible in the image's final file system, and placed in
 * the layer that installed it.
 *
 * @param installed what was found
 * @param layer the index of the layer that installed this version of it (0 = bottom)
 * @param diffId that layer's diff_id
 */
public record ImagePackage(InstalledPackage installed, int layer, String diffId) {}
