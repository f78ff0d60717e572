package dev.paas.core.check.vuln.osv;

import java.util.LinkedHashSet;
import java.util.Locale;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.paas.core.PaasException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one OSV document (https://ossf.github.io/osv-schema/) into an {@link Advisory}, with
 * Jackson's streaming parser. Fields it does not use (details, references, credits, purl, ...)
 * and fields it does not know are skipped. A document that is not JSON, has no {@code id}, an
 * {@code affected} entry without a package, or an event that is not exactly one of
 * {@code introduced}, {@code fixed}, {@code last_affected}, {@code limit} is refused with a
 * {@link PaasException} that names the document and what is wrong. Ranges of a type this version
 * does not know are skipped.
 *
 * <p>One parser may be used from several threads; it interns ecosystem and package names, so that
 * a database of many advisories holds each name once.
 */
public final class OsvParser {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

  /** Reads one document with a parser of its own; {@code where} names it in errors. */
  public static Advisory parse(byte[] json, String where) throws PaasException {
    return new OsvParser().read(json, where);
  }

  /** Reads one document; {@code where} names it in errors, e.g. the file or the zip and entry. */
  public Advisory read(byte[] json, String where) throws PaasException {
    try {
      try (JsonParser p = JSON.createParser(json)) {
        return document(p, where, false);
      } catch (Retry retry) {
        // the fast pass builds no paths; read again, naming each part, to say where it is wrong
        try (JsonParser p = JSON.createParser(json)) {
          return document(p, where, true);
        }
      }
    } catch (JsonProcessingException e) {
      throw malformed(where, "it is not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new PaasException(where + ": could not be read: " + e.getMessage(), e);
    }
  }

  /** Reads one document from a stream, which it does not close. */
  public Advisory read(InputStream in, String where) throws PaasException {
    try {
      return read(in.readAllBytes(), where);
    } catch (IOException e) {
      throw new PaasException(where + ": could not be read: " + e.getMessage(), e);
    }
  }

  private Advisory document(JsonParser p, String where, boolean trace) throws IOException, PaasException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw malformed(where, "it is not a JSON object");
    }
    String id = null;
    List<String> aliases = List.of();
    List<String> upstream = List.of();
    String summary = "";
    String details = "";
    String modified = "";
    String withdrawn = null;
    List<Severity> severities = List.of();
    String databaseSeverity = null;
    List<Affected> affected = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "id" -> id = string(p, value, where, "", "id");
        case "aliases" -> aliases = strings(p, value, where, "", "aliases");
        // osv.dev's distribution records (DEBIAN-CVE-…) name their CVE as upstream, not as alias
        case "upstream" -> upstream = strings(p, value, where, "", "upstream");
        case "summary" -> summary = optionalString(p, value, where, "summary");
        case "details" -> details = optionalString(p, value, where, "details");
        case "modified" -> modified = optionalString(p, value, where, "modified");
        case "withdrawn" -> {
          String w = optionalString(p, value, where, "withdrawn");
          withdrawn = w.isEmpty() ? null : w;
        }
        case "severity" -> severities = severities(p, value, where, "", "severity");
        case "database_specific" -> databaseSeverity = specificSeverity(p, value, false);
        case "affected" -> affected = affected(p, value, where, trace);
        default -> p.skipChildren();
      }
    }
    if (id == null || id.isBlank()) {
      throw malformed(where, "it has no \"id\"");
    }
    if (!upstream.isEmpty()) {
      LinkedHashSet<String> all = new LinkedHashSet<>(aliases);
      all.addAll(upstream);
      all.remove(id);
      aliases = List.copyOf(all);
    }
    if (summary.isBlank() && !details.isBlank()) {
      summary = firstSentence(details);
    }
    return new Advisory(id, aliases, summary, modified, severities,
        Optional.ofNullable(databaseSeverity), affected, Optional.ofNullable(withdrawn));
  }

  /** A summary for a record that gives only details: its first sentence, at most 200 characters. */
  static String firstSentence(String details) {
    String text = details.strip().replaceAll("\\s+", " ");
    int end = text.indexOf(". ");
    if (end > 0) {
      text = text.substring(0, end + 1);
    }
    return text.length() <= 200 ? text : text.substring(0, 199) + "…";
  }

  private List<Affected> affected(JsonParser p, JsonToken value, String where, boolean trace)
      throws IOException, PaasException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    array(value, where, "", "affected");
    List<Affected> out = new ArrayList<>();
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      String at = trace ? "affected[" + i + "]" : null;
      object(p.currentToken(), where, at, "");
      String ecosystem = null;
      String name = null;
      List<Range> ranges = List.of();
      List<String> versions = List.of();
      List<Severity> severities = List.of();
      String ecosystemSeverity = null;
      String databaseSeverity = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "package" -> {
            object(v, where, at, ".package");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken pv = p.nextToken();
              if (f.equals("ecosystem")) {
                ecosystem = intern(string(p, pv, where, at, ".package.ecosystem"));
              } else if (f.equals("name")) {
                name = intern(string(p, pv, where, at, ".package.name"));
              } else {
                p.skipChildren();
              }
            }
          }
          case "ranges" -> ranges = ranges(p, v, where, at);
          case "versions" -> versions = strings(p, v, where, at, ".versions");
          case "severity" -> severities = severities(p, v, where, at, ".severity");
          case "ecosystem_specific" -> ecosystemSeverity = specificSeverity(p, v, true);
          case "database_specific" -> databaseSeverity = specificSeverity(p, v, true);
          default -> p.skipChildren();
        }
      }
      if (ecosystem == null || name == null) {
        throw malformed(where, at, " names no package: it needs \"package\": {\"ecosystem\", \"name\"}");
      }
      String severity = ecosystemSeverity != null ? ecosystemSeverity : databaseSeverity;
      out.add(new Affected(ecosystem, name, ranges, versions, severities, Optional.ofNullable(severity)));
    }
    return out;
  }

  private List<Range> ranges(JsonParser p, JsonToken value, String where, String at)
      throws IOException, PaasException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    array(value, where, at, ".ranges");
    List<Range> out = new ArrayList<>(2);
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      String here = at == null ? null : at + ".ranges[" + i + "]";
      object(p.currentToken(), where, here, "");
      String type = null;
      List<Event> events = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("type")) {
          type = string(p, v, where, here, ".type");
        } else if (field.equals("events")) {
          events = events(p, v, where, here);
        } else {
          p.skipChildren();
        }
      }
      if (type == null) {
        throw malformed(where, here, " has no \"type\" (ECOSYSTEM, SEMVER or GIT)");
      }
      Range.Type t = switch (type) {
        case "ECOSYSTEM" -> Range.Type.ECOSYSTEM;
        case "SEMVER" -> Range.Type.SEMVER;
        case "GIT" -> Range.Type.GIT;
        default -> null;
      };
      if (t != null) {
        out.add(new Range(t, events));
      }
    }
    return out;
  }

  private List<Event> events(JsonParser p, JsonToken value, String where, String at)
      throws IOException, PaasException {
    array(value, where, at, ".events");
    List<Event> out = new ArrayList<>(2);
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      String here = at == null ? null : at + ".events[" + i + "]";
      object(p.currentToken(), where, here, "");
      Event event = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        Event.Kind kind = switch (field) {
          case "introduced" -> Event.Kind.INTRODUCED;
          case "fixed" -> Event.Kind.FIXED;
          case "last_affected" -> Event.Kind.LAST_AFFECTED;
          case "limit" -> Event.Kind.LIMIT;
          default -> null;
        };
        if (kind == null) {
          p.skipChildren();
          continue;
        }
        if (event != null) {
          throw malformed(where, here, " has both \"" + name(event.kind()) + "\" and \"" + field
              + "\": each event holds exactly one");
        }
        String version = string(p, v, where, here, field);
        event = new Event(kind, version.equals("0") ? "0" : version);
      }
      if (event == null) {
        throw malformed(where, here, " is none of introduced, fixed, last_affected, limit");
      }
      out.add(event);
    }
    return out;
  }

  private static String name(Event.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private List<Severity> severities(JsonParser p, JsonToken value, String where, String at,
      String suffix)
      throws IOException, PaasException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    array(value, where, at, suffix);
    List<Severity> out = new ArrayList<>(1);
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      String here = at == null ? null : at + suffix + "[" + i + "]";
      object(p.currentToken(), where, here, "");
      String type = null;
      String score = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("type")) {
          type = intern(string(p, v, where, here, ".type"));
        } else if (field.equals("score")) {
          score = string(p, v, where, here, ".score");
        } else {
          p.skipChildren();
        }
      }
      if (type == null || score == null) {
        throw malformed(where, here, " needs both \"type\" and \"score\"");
      }
      out.add(new Severity(type, score));
    }
    return out;
  }

  /** The string {@code severity} (or, in {@code affected}, {@code urgency}) of a specific object. */
  private String specificSeverity(JsonParser p, JsonToken value, boolean urgency) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String severity = null;
    String urgent = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_STRING && field.equals("severity")) {
        severity = intern(p.getText());
      } else if (urgency && v == JsonToken.VALUE_STRING && field.equals("urgency")) {
        urgent = intern(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return severity != null ? severity : urgent;
  }

  private static List<String> strings(JsonParser p, JsonToken value, String where, String at,
      String suffix)
      throws IOException, PaasException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    array(value, where, at, suffix);
    List<String> out = new ArrayList<>();
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw malformed(where, at, suffix + "[" + i + "]", p.currentToken());
      }
      out.add(p.getText());
    }
    return out;
  }

  private static String string(JsonParser p, JsonToken value, String where, String at, String suffix)
      throws IOException, PaasException {
    if (value != JsonToken.VALUE_STRING) {
      throw malformed(where, at, suffix, value);
    }
    return p.getText();
  }

  private static String optionalString(JsonParser p, JsonToken value, String where, String field)
      throws IOException, PaasException {
    return value == JsonToken.VALUE_NULL ? "" : string(p, value, where, "", field);
  }

  private static void array(JsonToken value, String where, String at, String suffix) throws PaasException {
    if (value != JsonToken.START_ARRAY) {
      throw malformed(where, at, suffix, "must be an array", value);
    }
  }

  private static void object(JsonToken value, String where, String at, String suffix) throws PaasException {
    if (value != JsonToken.START_OBJECT) {
      throw malformed(where, at, suffix, "must be an object", value);
    }
  }

  /** A value that is not a string, at {@code at + suffix}. */
  private static PaasException malformed(String where, String at, String suffix, JsonToken value) {
    return malformed(where, at, suffix, "must be a string", value);
  }

  private static PaasException malformed(String where, String at, String suffix, String must, JsonToken value) {
    if (at == null) {
      throw Retry.INSTANCE;
    }
    String path = at.isEmpty() || suffix.isEmpty() || suffix.startsWith(".") || suffix.startsWith("[")
        ? at + suffix : at + "." + suffix;
    return malformed(where, "\"" + path + "\" " + must + ", not " + describe(value));
  }

  /** What is wrong at {@code at} (null in the fast pass, which then reads again naming parts). */
  private static PaasException malformed(String where, String at, String what) {
    if (at == null) {
      throw Retry.INSTANCE;
    }
    return malformed(where, at + what);
  }

  /** Thrown by the fast pass at the first problem: the document is read again, naming parts. */
  private static final class Retry extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Retry INSTANCE = new Retry();

    private Retry() {
      super(null, null, false, false);
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the document";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }

  private String intern(String s) {
    String known = strings.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  private static PaasException malformed(String where, String what) {
    return new PaasException(where + ": not an OSV advisory: " + what + ". Replace it with a fresh "
        + "copy from osv.dev (https://osv.dev/docs/#section/Data-Dumps), or remove it from the "
        + "vulnerability database");
  }
}
