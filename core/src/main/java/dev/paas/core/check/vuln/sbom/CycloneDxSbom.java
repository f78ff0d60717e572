package dev.paas.core.check.vuln.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.paas.core.image.ImageReference;
import dev.paas.core.image.InvalidReferenceException;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Writes an image's inventory as a CycloneDX 1.6 JSON SBOM: the image is the metadata component (a
 * container, versioned by its digest), the OS an operating-system component, and every OS package
 * and Java library a library component with its purl and, as {@code paas:} properties, where it was
 * found: {@code paas:layer} (index, 0 = bottom), {@code paas:layerDiffId}, {@code paas:path},
 * {@code paas:evidence}, and {@code paas:sourceName} / {@code paas:sourceVersion} where the source
 * package differs. A Java library carries its archive's SHA-256 as its hash, and {@code
 * paas:identity = uncertain} where its group is not known from the library itself (it was named by
 * its file name only; its purl is then {@code pkg:generic}). The image depends on every component,
 * the OS on its packages.
 */
public final class CycloneDxSbom {
  /** The newest specification the CycloneDX library writes. */
  public static final Version SPEC = Version.VERSION_16;

  private static final String TOOL = "paas-maven-plugin";

  private CycloneDxSbom() {}

  /**
   * Writes the SBOM to {@code file}, replacing it whole: a reader never sees half a file.
   *
   * @param imageName the image's name, e.g. {@code shop}
   * @param imageReference where it lives, e.g. {@code registry.example/team/shop:1.0}, or a local
   *     {@code oci-archive:} / {@code docker-archive:} path (then the image has no purl)
   * @param imageDigest its manifest digest, {@code sha256:…}
   * @param toolVersion the plugin's version, written as the tool that made the SBOM
   * @throws IOException when the file cannot be written
   */
  public static void write(
      Path file,
      String imageName,
      String imageReference,
      String imageDigest,
      ImageInventory inventory,
      String toolVersion)
      throws IOException {
    Bom bom = bom(imageName, imageReference, imageDigest, inventory, toolVersion);
    String json;
    try {
      json = BomGeneratorFactory.createJson(SPEC, bom).toJsonString();
    } catch (GeneratorException e) {
      throw new IOException(
          "the SBOM for "
              + imageName
              + " could not be written as CycloneDX "
              + SPEC.getVersionString()
              + " JSON: "
              + e.getMessage(),
          e);
    }
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temp, json, StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The SBOM as the CycloneDX library's model. */
  static Bom bom(
      String imageName,
      String imageReference,
      String imageDigest,
      ImageInventory inventory,
      String toolVersion) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());

    Component image = new Component();
    image.setType(Component.Type.CONTAINER);
    image.setName(imageName);
    image.setVersion(imageDigest);
    Optional<String> imagePurl = imagePurl(imageReference, imageDigest);
    imagePurl.ifPresent(image::setPurl);
    image.setBomRef(imagePurl.orElse("image:" + imageName + "@" + imageDigest));
    if (imageReference != null && !imageReference.isBlank()) {
      image.setProperties(
          new ArrayList<>(List.of(new Property("paas:imageReference", imageReference))));
    }

    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setGroup("dev.paas");
    tool.setName(TOOL);
    tool.setVersion(toolVersion);
    ToolInformation tools = new ToolInformation();
    tools.setComponents(new ArrayList<>(List.of(tool)));

    Metadata metadata = new Metadata();
    metadata.setTimestamp(new Date());
    metadata.setComponent(image);
    metadata.setToolChoice(tools);
    bom.setMetadata(metadata);

    Set<String> refs = new HashSet<>();
    refs.add(image.getBomRef());
    Dependency imageDependency = new Dependency(image.getBomRef());
    Dependency osDependency = null;
    List<Component> components = new ArrayList<>();

    Optional<OsRelease> os = inventory.os();
    if (os.isPresent() && !os.get().id().isBlank()) {
      Component system = new Component();
      system.setType(Component.Type.OPERATING_SYSTEM);
      system.setName(os.get().id());
      if (!os.get().versionId().isBlank()) {
        system.setVersion(os.get().versionId());
      }
      if (!os.get().prettyName().isBlank()) {
        system.setDescription(os.get().prettyName());
      }
      system.setBomRef(unique("os:" + os.get().id() + "@" + os.get().versionId(), "", refs));
      components.add(system);
      imageDependency.addDependency(new Dependency(system.getBomRef()));
      osDependency = new Dependency(system.getBomRef());
    }

    for (ImagePackage placed : inventory.packages()) {
      InstalledPackage p = placed.installed();
      Component component = component(p);
      String purl = PackageUrls.of(p, os);
      component.setPurl(purl);
      component.setBomRef(unique(purl, p.path(), refs));
      List<Property> properties = new ArrayList<>();
      properties.add(new Property("paas:layer", Integer.toString(placed.layer())));
      properties.add(new Property("paas:layerDiffId", placed.diffId()));
      properties.add(new Property("paas:path", p.path()));
      properties.add(new Property("paas:evidence", p.evidence()));
      if (!p.sourceName().equals(p.name())) {
        properties.add(new Property("paas:sourceName", p.sourceName()));
      }
      if (!p.sourceVersion().equals(p.version())) {
        properties.add(new Property("paas:sourceVersion", p.sourceVersion()));
      }
      if (p.uncertainIdentity()) {
        properties.add(new Property("paas:identity", "uncertain"));
      }
      if (!p.sha256().isEmpty()) {
        component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, p.sha256())));
      }
      component.setProperties(properties);
      components.add(component);
      imageDependency.addDependency(new Dependency(component.getBomRef()));
      if (osDependency != null && p.kind() != InstalledPackage.Kind.MAVEN) {
        osDependency.addDependency(new Dependency(component.getBomRef()));
      }
    }
    bom.setComponents(components);

    List<Dependency> dependencies = new ArrayList<>();
    dependencies.add(imageDependency);
    if (osDependency != null) {
      dependencies.add(osDependency);
    }
    bom.setDependencies(dependencies);
    return bom;
  }

  private static Component component(InstalledPackage p) {
    Component component = new Component();
    component.setType(Component.Type.LIBRARY);
    if (p.kind() == InstalledPackage.Kind.MAVEN) {
      int colon = p.name().indexOf(':');
      String group = colon < 0 ? "" : p.name().substring(0, colon);
      if (!group.isEmpty()) {
        component.setGroup(group);
      }
      component.setName(p.name().substring(colon + 1));
    } else {
      component.setName(p.name());
    }
    component.setVersion(p.version());
    return component;
  }

  /**
   * The purl itself the first time; {@code purl#path} for the same package found at another path; a
   * counter past that.
   */
  private static String unique(String ref, String path, Set<String> refs) {
    if (refs.add(ref)) {
      return ref;
    }
    String withPath = ref + "#" + path;
    if (refs.add(withPath)) {
      return withPath;
    }
    for (int n = 2; ; n++) {
      String numbered = withPath + "#" + n;
      if (refs.add(numbered)) {
        return numbered;
      }
    }
  }

  /**
   * {@code pkg:oci/<name>@<digest>?repository_url=<registry>/<repository>&tag=<tag>} for a registry
   * reference, as the purl spec gives it: the name is the repository's last segment.
   */
  static Optional<String> imagePurl(String imageReference, String imageDigest) {
    if (imageReference == null
        || imageReference.isBlank()
        || imageDigest == null
        || imageDigest.isBlank()) {
      return Optional.empty();
    }
    ImageReference reference;
    try {
      reference = ImageReference.parse(imageReference, "image reference");
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
    if (!reference.isRegistry()) {
      return Optional.empty();
    }
    var parsed = reference.registryReference();
    String registry = parsed.getRegistry();
    if (registry.equals("registry-1.docker.io") || registry.equals("index.docker.io")) {
      registry = "docker.io";
    }
    String repository = parsed.getRepository();
    String name = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    PackageURLBuilder purl =
        PackageURLBuilder.aPackageURL()
            .withType("oci")
            .withName(name)
            .withVersion(imageDigest)
            .withQualifier("repository_url", registry + "/" + repository);
    parsed.getTag().ifPresent(tag -> purl.withQualifier("tag", tag));
    try {
      return Optional.of(purl.build().canonicalize());
    } catch (MalformedPackageURLException e) {
      return Optional.empty();
    }
  }
}
