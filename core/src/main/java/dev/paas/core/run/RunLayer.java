package dev.paas.core.run;

import java.nio.file.Path;

/**
 * The layer one {@link RunStep} made, as cached: a gzip-compressed tar.
 *
 * @param key the content key it is cached under
 * @param step the step's name
 * @param diffId the digest of the uncompressed tar
 * @param digest the digest of the compressed file
 * @param compressedSize the compressed file's size
 * @param size the uncompressed tar's size
 * @param file the compressed file
 * @param createdBy what the image's history says made it
 */
public record RunLayer(
    String key,
    String step,
    String diffId,
    String digest,
    long compressedSize,
    long size,
    Path file,
    String createdBy) {}
