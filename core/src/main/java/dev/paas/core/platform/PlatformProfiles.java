package dev.paas.core.platform;

import dev.paas.core.BuildLog;
import dev.paas.core.PaasException;
import dev.paas.core.Setting;
import dev.paas.core.SettingException;
import dev.paas.core.image.OciImage;
import dev.paas.core.io.AtomicFile;
import dev.paas.core.io.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the active platform profile: the embedded default, with the platform's own profile read
 * over it from a file, a URL or a Maven artifact ({@code groupId:artifactId:version}, extension
 * {@code yaml} unless named).
 */
public final class PlatformProfiles {
  /** The profile the plugin ships, a resource beside this class. */
  static final String EMBEDDED = "default-profile.yaml";

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ArtifactResolver artifacts;
  private final Path cacheDirectory;
  private final boolean offline;
  private final BuildLog log;

  /**
   * @param artifacts resolves a profile named by Maven coordinates
   * @param cacheDirectory where a profile read from a URL is kept for offline builds
   * @param offline whether the network may not be used
   */
  public PlatformProfiles(
      ArtifactResolver artifacts, Path cacheDirectory, boolean offline, BuildLog log) {
    this.artifacts = artifacts;
    this.cacheDirectory = cacheDirectory;
    this.offline = offline;
    this.log = log;
  }

  /** Read once per JVM: every module of a multi-module build uses the same. */
  private static final String EMBEDDED_SOURCE = "embedded default profile";

  private static volatile PlatformProfile embedded;

  /** The profile the plugin ships. */
  /** Whether {@code profile} is the embedded default alone, no platform's profile read over it. */
  public static boolean isEmbedded(PlatformProfile profile) {
    return EMBEDDED_SOURCE.equals(profile.source());
  }

  public static PlatformProfile embedded() throws PaasException {
    PlatformProfile profile = embedded;
    if (profile == null) {
      profile = readEmbedded();
      embedded = profile;
    }
    return profile;
  }

  private static PlatformProfile readEmbedded() throws PaasException {
    try (InputStream in = PlatformProfiles.class.getResourceAsStream(EMBEDDED)) {
      if (in == null) {
        throw new PaasException("The embedded platform profile is missing from the plugin's jar");
      }
      return ProfileParser.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          EMBEDDED_SOURCE,
          ProfileParser.empty());
    } catch (IOException e) {
      throw new PaasException("Cannot read the embedded platform profile: " + e.getMessage(), e);
    }
  }

  /**
   * The active profile: {@code location} read over the embedded default, or the default alone.
   *
   * @param location a file (relative to {@code baseDirectory}), an http(s) or file URL, or Maven
   *     coordinates
   */
  public PlatformProfile load(Optional<String> location, Path baseDirectory) throws PaasException {
    PlatformProfile embedded = embedded();
    if (location.isEmpty() || location.get().isBlank()) {
      return embedded;
    }
    String where = location.get().strip();
    if (where.startsWith("http://") || where.startsWith("https://")) {
      return ProfileParser.parse(fetch(where), where, embedded);
    }
    Path file;
    if (where.startsWith("file:")) {
      try {
        file = Path.of(new URI(where));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new PaasException(
            "The platform profile location '" + where + "' is not a file URL: " + e.getMessage(),
            e);
      }
    } else if (ProfileParser.COORDINATES.matcher(where).matches()
        && !Files.exists(baseDirectory.resolve(where))) {
      file = artifacts.resolve(where, "yaml", "the platform profile");
      log.info("Platform profile " + where + " (" + file + ")");
      return ProfileParser.parse(read(file, where), where, embedded);
    } else {
      file = baseDirectory.resolve(where);
    }
    return ProfileParser.parse(read(file, where), file.toString(), embedded);
  }

  private static String read(Path file, String location) throws PaasException {
    try {
      if (Files.size(file) > ProfileParser.MAX_CHARACTERS * 4L) {
        throw new PaasException(
            "The platform profile "
                + file
                + " is "
                + Files.size(file)
                + " bytes: a profile is a catalogue of at most "
                + ProfileParser.MAX_CHARACTERS
                + " characters");
      }
      return decode(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new PaasException(
          "The platform profile '"
              + location
              + "' does not exist (looked for "
              + file
              + "). Give a file, an http(s) URL, or Maven coordinates groupId:artifactId:version");
    } catch (IOException e) {
      throw new PaasException(
          "Cannot read the platform profile " + file + ": " + e.getMessage(), e);
    }
  }

  // A URL's profile is kept beside the build cache, so an offline build can read it again.
  private String fetch(String url) throws PaasException {
    Path copy =
        cacheDirectory.resolve(
            OciImage.sha256(url.getBytes(StandardCharsets.UTF_8)).substring(7, 39) + ".yaml");
    if (offline) {
      if (Files.isRegularFile(copy)) {
        log.info(
            "Offline: using the copy of the platform profile "
                + url
                + " read on "
                + modified(copy));
        return read(copy, url);
      }
      throw new SettingException(
          Setting.PLATFORM,
          "The platform profile "
              + url
              + " cannot be read "
              + "offline: no copy of it is kept yet. Build once without -o (or give "
              + Setting.PLATFORM.named()
              + " a file)");
    }
    byte[] body;
    try {
      HttpTransport.Response response =
          new HttpTransport(false)
              .send(
                  new HttpTransport.Request(
                      "GET",
                      URI.create(url),
                      Map.of("Accept", "application/yaml, text/yaml, text/plain, */*"),
                      Optional.empty(),
                      TIMEOUT));
      if (response.status() != 200) {
        throw new SettingException(
            Setting.PLATFORM,
            "The platform profile "
                + url
                + " could not be "
                + "read: HTTP "
                + response.status()
                + ". Check the URL in "
                + Setting.PLATFORM.named());
      }
      body = response.body();
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingException(
          Setting.PLATFORM,
          "The platform profile "
              + url
              + " could not be "
              + "read: "
              + e
              + ". Check that the server is up and the URL is right ("
              + Setting.PLATFORM.named()
              + ")",
          e);
    }
    if (body.length > ProfileParser.MAX_CHARACTERS * 4L) {
      throw new PaasException(
          "The platform profile "
              + url
              + " is "
              + body.length
              + " bytes: a "
              + "profile is a catalogue of at most "
              + ProfileParser.MAX_CHARACTERS
              + " characters");
    }
    String text = decode(body, url);
    try {
      Files.createDirectories(cacheDirectory);
      AtomicFile.write(copy, out -> out.write(body));
    } catch (IOException e) {
      log.warn("Could not keep a copy of the platform profile in " + copy + ": " + e.getMessage());
    }
    return text;
  }

  private static String modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toString();
    } catch (IOException e) {
      return "an earlier build";
    }
  }

  private static String decode(byte[] bytes, String source) throws PaasException {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new PaasException(source + ": a platform profile must be UTF-8 text");
    }
  }
}
