package dev.paas.core.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.paas.core.platform.EnvironmentAdditions.Registration;
import java.util.List;

/**
 * One environment's image as {@code paas:build} wrote it, as recorded in {@code images.json}.
 *
 * @param environment the environment name ({@code default} when none are declared)
 * @param reference the registry reference it will be pushed to
 * @param archive the local copy, as a skopeo reference ({@code oci-archive:PATH})
 * @param digest the manifest digest
 * @param configDigest the config digest (the image id)
 * @param baseImage the base image reference as configured
 * @param baseDigest the digest of the base image used
 * @param layers the image's {@code rootfs.diff_ids}, base first
 * @param registrations the services {@code paas:push} registers once the image is pushed; beyond
 *     the contract's fields, written only when there are some
 */
public record BuiltImage(
    String environment,
    String reference,
    String archive,
    String digest,
    String configDigest,
    String baseImage,
    String baseDigest,
    List<String> layers,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Registration> registrations) {
  public BuiltImage {
    layers = List.copyOf(layers);
    registrations = registrations == null ? List.of() : List.copyOf(registrations);
  }
}
