package dev.paas.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.core.PaasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What jib-maven-plugin recorded in {@code jib-image.json} about the image it built last: its
 * reference, its manifest digest, its image id (the config's digest) and whether it pushed it.
 *
 * @param file the record's path, as messages name it
 * @param image the reference Jib built ({@code <to><image>})
 * @param digest the manifest digest: of the pushed image, or of an OCI-format tar's
 * @param imageId the config's digest, by which a docker-format tar is known
 * @param pushed whether {@code jib:build} pushed it
 */
record JibImageRecord(Path file, String image, String digest, String imageId, boolean pushed) {
  // Jib writes a few hundred bytes; anything much larger is not its record.
  private static final long MAX_BYTES = 1 << 20;

  /** Reads {@code file}, or says how to make it. */
  static JibImageRecord read(Path file) throws PaasException {
    if (!Files.isRegularFile(file)) {
      throw new PaasException(
          "No image: this project builds its image with jib-maven-plugin and the "
              + "paas extension, and "
              + file
              + " does not exist. Build it first (mvn package jib:build, "
              + "or jib:buildTar with <format>OCI</format>)");
    }
    JsonNode json;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new PaasException(
            file
                + " is "
                + Files.size(file)
                + " bytes, which is not Jib's "
                + "image record; build the image again");
      }
      json = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new PaasException(
          file
              + " cannot be read as Jib's image record: "
              + e.getMessage()
              + ". Build the image again",
          e);
    }
    String digest = json.path("imageDigest").asText("");
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new PaasException(
          file
              + " records no image digest (imageDigest '"
              + digest
              + "'); "
              + "build the image again with jib-maven-plugin 3.x");
    }
    return new JibImageRecord(
        file,
        json.path("image").asText(""),
        digest,
        json.path("imageId").asText(""),
        json.path("imagePushed").asBoolean(false));
  }
}
