package dev.paas.maven;

import dev.paas.core.PaasException;
import dev.paas.core.catalog.CatalogView;
import dev.paas.core.io.AtomicFile;
import dev.paas.core.platform.PlatformProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists what the active platform profile offers: its official base images, options and services,
 * with the environments they may be used in, what they do and what they change. Works outside a
 * project and without a {@code <paas>} block (the embedded default profile). In a multi-module
 * build it runs once, with the top project's configuration.
 */
@Mojo(name = "options", requiresProject = false, aggregator = true, threadSafe = true)
public class OptionsMojo extends AbstractPaasMojo {

  /** {@code table} for people, {@code json} (printed on standard output) for tools. */
  @Parameter(property = "paas.format", defaultValue = "table")
  String format;

  /** Also write the listing to this file (relative to the project's directory). */
  @Parameter(property = "paas.output")
  String output;

  @Override
  void run() throws PaasException {
    PlatformProfile profile = platformProfile();
    String text;
    switch (format == null ? "table" : format.trim()) {
      case "table" -> {
        text = MavenSettingWords.WORDS.word(CatalogView.table(profile));
        text.lines().forEach(getLog()::info);
      }
      case "json" -> {
        text = CatalogView.json(profile);
        // On standard output, so that 'mvn -q paas:options -Dpaas.format=json' prints only JSON.
        System.out.print(text);
        System.out.flush();
      }
      default ->
          throw new PaasException(
              "paas.format '"
                  + format
                  + "' is not a format of "
                  + "paas:options: use table or json");
    }
    if (output != null && !output.isBlank()) {
      Path file =
          project.getBasedir() == null
              ? Path.of(output).toAbsolutePath()
              : project.getBasedir().toPath().resolve(output);
      try {
        AtomicFile.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new PaasException("Cannot write " + file + ": " + e.getMessage(), e);
      }
      getLog().info("paas: the listing is in " + file);
    }
  }
}
