package dev.paas.maven;

import dev.paas.maven.support.OfferSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code <paas>} block of the plugin configuration, as an application team writes it. Maven
 * fills the fields by name; {@link BuildRequests} turns them into core values.
 */
public class PaasConfiguration {
  /**
   * The platform profile: a file, an http(s) URL or Maven coordinates {@code
   * groupId:artifactId:version}; {@code -Dpaas.platform} overrides it.
   */
  String platform;

  /**
   * The image to build on: a registry reference, {@code docker-archive:} or {@code oci-archive:}.
   */
  String baseImage;

  /** The registry reference to push to; environments append {@code -<environment>} to its tag. */
  String image;

  /** The environments to build an image for; none means one image, environment {@code default}. */
  List<String> environments = new ArrayList<>();

  /** The platform's environment options to apply, by name. */
  List<OfferSelection> options = new ArrayList<>();

  /** The platform's services to add, by name, optionally limited to environments. */
  List<OfferSelection> services = new ArrayList<>();

  /**
   * The class whose {@code main} the container runs ({@code jar} packaging). Left out, it is
   * inferred as Jib does: maven-jar-plugin's manifest {@code mainClass}, Spring Boot's {@code
   * start-class} or spring-boot-maven-plugin's {@code mainClass}, else the one class with a {@code
   * main} method.
   */
  String mainClass;

  /** Flags for the JVM, before the main class. */
  List<String> jvmFlags = new ArrayList<>();

  /**
   * The ports the image exposes ({@code 8080}, {@code 8443/tcp}, {@code 53/udp}), as Jib's {@code
   * <container><ports>}. Left out in a Spring Boot web application: its {@code server.port}, 8080
   * by default.
   */
  List<String> ports = new ArrayList<>();

  /** Environment variables of the image, as Jib's {@code <container><environment>}. */
  Map<String, String> environment = new LinkedHashMap<>();

  /** Labels of the image, as Jib's {@code <container><labels>}. */
  Map<String, String> labels = new LinkedHashMap<>();

  /**
   * Whether {@code spring-boot-devtools} goes into the images; left out by default, as Spring
   * Boot's own packaging and Jib leave it out.
   */
  boolean includeDevtools;

  /**
   * Whether {@code spring-boot-docker-compose} goes into the images; left out by default, as Spring
   * Boot's own packaging and Jib leave it out.
   */
  boolean includeDockerCompose;

  /** The user the container runs as; empty keeps the base image's user. */
  String user;

  /** Findings of {@code paas:check} the team accepts, each with a reason and an expiry date. */
  List<WaiverConfiguration> waivers = new ArrayList<>();

  /**
   * The advisories {@code paas:check} matches: a directory of OSV JSON files or an osv.dev {@code
   * all.zip}; replaces the platform profile's {@code advisories.vulnerabilityDb}, and {@code
   * -Dpaas.vulnerabilityDb} replaces it.
   */
  String vulnerabilityDb;

  /**
   * The release pipeline's ECDSA P-256 private key (cosign.key, password in {@code
   * COSIGN_PASSWORD}, or PKCS#8 PEM); with it, {@code paas:push} pushes a cosign signature for
   * every image it pushes. {@code -Dpaas.signingKey} overrides it.
   */
  String signingKey;

  /** Whether plain-HTTP registries may be used. */
  boolean allowInsecureRegistries;

  /** Where a {@code war} is deployed in a servlet-container base. */
  String appRoot = "/jetty/webapps/ROOT";
}
