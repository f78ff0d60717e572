package dev.paas.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paas.core.Setting;
import dev.paas.core.platform.Offer;
import dev.paas.core.platform.OfficialImage;
import dev.paas.core.platform.PlatformProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * What a platform profile offers, the compliance rules at its levels and the secret rules it puts
 * in force, as {@code paas:options} shows them: a table or JSON.
 */
public final class CatalogView {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String[] HEADINGS = {
    "NAME", "KIND", "ENVIRONMENTS", "DESCRIPTION", "CHANGES"
  };
  private static final int[] WIDTHS = {16, 7, 13, 48, 60};

  private CatalogView() {}

  /** Options, then services, one row each; long cells wrap within their column. */
  public static String table(PlatformProfile profile) {
    StringBuilder out = new StringBuilder();
    out.append("Platform profile: ")
        .append(profile.name())
        .append(" (")
        .append(profile.source())
        .append(")\n");
    if (profile.officialImages().isEmpty()) {
      out.append(
          "Official base images: none named (a project's <baseImage> is taken as official)\n");
    } else {
      out.append("Official base images:\n");
      for (OfficialImage image : profile.officialImages()) {
        out.append("  ")
            .append(image.name())
            .append("  ")
            .append(image.repository())
            .append(
                image.tags().isEmpty()
                    ? "  (any tag)"
                    : "  tags " + String.join(", ", image.tags()))
            .append(image.isDefault() ? "  (default)" : "")
            .append('\n');
      }
    }
    out.append('\n');
    row(
        out,
        List.of(
            List.of(HEADINGS[0]),
            List.of(HEADINGS[1]),
            List.of(HEADINGS[2]),
            List.of(HEADINGS[3]),
            List.of(HEADINGS[4])));
    // Rows: cells wrap within their column; the last column (what it changes) has a line per
    // change.
    List<Offer> offers = new ArrayList<>(profile.options().values());
    offers.addAll(profile.services().values());
    for (Offer offer : offers) {
      row(
          out,
          List.of(
              List.of(offer.name()),
              List.of(offer.kind().label()),
              List.of(
                  offer.environments().isEmpty() ? "any" : String.join(", ", offer.environments())),
              wrap(offer.description(), WIDTHS[3]),
              offer.changes()));
    }
    if (offers.isEmpty()) {
      out.append("(the profile offers no options or services)\n");
    }
    out.append("\nSelect them in ").append(Setting.OFFERS.named()).append('\n');
    RulesView.table(profile, out);
    SecretRulesView.table(profile, out);
    return out.toString();
  }

  /** The profile's catalogue as JSON, for tools. */
  public static String json(PlatformProfile profile) {
    ObjectNode root = JSON.createObjectNode();
    root.put("profile", profile.name());
    root.put("source", profile.source());
    ArrayNode images = root.putArray("officialImages");
    for (OfficialImage image : profile.officialImages()) {
      ObjectNode node =
          images.addObject().put("name", image.name()).put("repository", image.repository());
      image.tags().forEach(node.putArray("tags")::add);
      node.put("default", image.isDefault());
    }
    ArrayNode offers = root.putArray("offers");
    List<Offer> all = new ArrayList<>(profile.options().values());
    all.addAll(profile.services().values());
    for (Offer offer : all) {
      ObjectNode node = offers.addObject();
      node.put("name", offer.name())
          .put("kind", offer.kind().label())
          .put("description", offer.description());
      offer.environments().forEach(node.putArray("environments")::add);
      ObjectNode changes = node.putObject("changes");
      if (!offer.run().isEmpty()) {
        ObjectNode run = changes.putObject("run");
        offer.run().forEach((family, script) -> run.put(Offer.familyName(family), script));
      }
      offer.artifact().ifPresent(a -> changes.put("artifact", a));
      if (!offer.files().isEmpty()) {
        ArrayNode files = changes.putArray("files");
        offer
            .files()
            .forEach(
                f ->
                    files
                        .addObject()
                        .put("path", offer.pathInImage(f))
                        .put("mode", String.format("%04o", f.mode())));
      }
      if (!offer.scripts().isEmpty()) {
        ArrayNode scripts = changes.putArray("scripts");
        offer.scripts().keySet().stream()
            .sorted()
            .forEach(s -> scripts.add(offer.directory() + "/" + s + ".sh"));
      }
      if (!offer.env().isEmpty()) {
        ObjectNode env = changes.putObject("env");
        offer.env().forEach(env::put);
      }
      if (!offer.jvmFlags().isEmpty()) {
        offer.jvmFlags().forEach(changes.putArray("jvmFlags")::add);
      }
      if (!offer.labels().isEmpty()) {
        ObjectNode labels = changes.putObject("labels");
        offer.labels().forEach(labels::put);
      }
      if (!offer.ports().isEmpty()) {
        offer.ports().forEach(changes.putArray("ports")::add);
      }
      offer.registration().ifPresent(r -> changes.put("registration", r.toString()));
    }
    RulesView.json(profile, root);
    SecretRulesView.json(profile, root);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  private static void row(StringBuilder out, List<List<String>> cells) {
    List<List<String>> lines = new ArrayList<>();
    int height = 1;
    for (int i = 0; i < cells.size(); i++) {
      List<String> cell = new ArrayList<>();
      for (String text : cells.get(i)) {
        cell.addAll(i == cells.size() - 1 ? List.of(text) : wrap(text, WIDTHS[i]));
      }
      lines.add(cell);
      height = Math.max(height, cell.size());
    }
    for (int line = 0; line < height; line++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        String cell = line < lines.get(i).size() ? lines.get(i).get(line) : "";
        text.append(i == lines.size() - 1 ? cell : String.format("%-" + WIDTHS[i] + "s  ", cell));
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String whole : text.strip().split("\\s+")) {
      String word = whole;
      // A word longer than the column (a URL, a long name) is broken so the columns stay aligned.
      while (word.length() > width) {
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
