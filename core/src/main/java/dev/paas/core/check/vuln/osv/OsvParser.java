package dev.paas.core.check.vuln.osv;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.paas.core.PaasException;
import dev.paas.core.check.vuln.osv.OsvDocument.AffectedEntry;
import dev.paas.core.check.vuln.osv.OsvDocument.EventEntry;
import dev.paas.core.check.vuln.osv.OsvDocument.RangeEntry;
import dev.paas.core.check.vuln.osv.OsvDocument.SeverityEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one OSV document (https://ossf.github.io/osv-schema/) into an {@link Advisory}: Jackson
 * binds it to an {@link OsvDocument}, whose fields are then checked and carried over. Fields it
 * does not use (details, references, credits, purl, ...) and fields it does not know are skipped. A
 * document that is not JSON, has no {@code id}, a value of the wrong JSON type, an {@code affected}
 * entry without a package, or an event that is not exactly one of {@code introduced}, {@code
 * fixed}, {@code last_affected}, {@code limit} is refused with a {@link PaasException} that names
 * the document, the place in it and what is wrong. Ranges of a type this version does not know are
 * skipped.
 *
 * <p>A document is hostile input: one larger than {@value #MAX_DOCUMENT_BYTES} bytes, nested deeper
 * than {@value #MAX_DEPTH} levels, or with a string longer than {@value #MAX_STRING_CHARS}
 * characters is refused before it is bound.
 *
 * <p>One parser may be used from several threads; it interns ecosystem and package names, so that a
 * database of many advisories holds each name once.
 */
public final class OsvParser {
  /** Larger than any document osv.dev publishes (the largest are a few MiB of versions lists). */
  static final int MAX_DOCUMENT_BYTES = 32 << 20;

  /** Real documents nest about six levels; the rest is room for ecosystem-specific objects. */
  static final int MAX_DEPTH = 100;

  static final int MAX_STRING_CHARS = 8 << 20;

  private static final ObjectReader READER = reader();

  private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

  /** Reads one document with a parser of its own; {@code where} names it in errors. */
  public static Advisory parse(byte[] json, String where) throws PaasException {
    return new OsvParser().read(json, where);
  }

  /** Reads one document; {@code where} names it in errors, e.g. the file or the zip and entry. */
  public Advisory read(byte[] json, String where) throws PaasException {
    if (json.length > MAX_DOCUMENT_BYTES) {
      throw tooLarge(where);
    }
    OsvDocument document;
    try (JsonParser p = READER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed(where, "it is not a JSON object");
      }
      document = READER.readValue(p);
    } catch (DatabindException e) {
      throw malformed(where, limit(e).map(OsvParser::pastLimit).orElseGet(() -> wrongType(e)));
    } catch (StreamConstraintsException e) {
      throw malformed(where, pastLimit(e));
    } catch (JsonProcessingException e) {
      throw malformed(
          where,
          "it is not valid JSON ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      throw new PaasException(where + ": could not be read: " + e.getMessage(), e);
    }
    return advisory(document, where);
  }

  /** Reads one document from a stream, which it does not close. */
  public Advisory read(InputStream in, String where) throws PaasException {
    byte[] json;
    try {
      json = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
    } catch (IOException e) {
      throw new PaasException(where + ": could not be read: " + e.getMessage(), e);
    }
    return read(json, where);
  }

  private Advisory advisory(OsvDocument d, String where) throws PaasException {
    if (d.id() == null || d.id().isBlank()) {
      throw malformed(where, "it has no \"id\"");
    }
    List<String> aliases = listOf(d.aliases());
    if (d.upstream() != null && !d.upstream().isEmpty()) {
      // osv.dev's distribution records (DEBIAN-CVE-…) name their CVE as upstream, not as alias
      Set<String> all = new LinkedHashSet<>(aliases);
      all.addAll(d.upstream());
      all.remove(d.id());
      aliases = List.copyOf(all);
    }
    String summary = orEmpty(d.summary());
    String details = orEmpty(d.details());
    if (summary.isBlank() && !details.isBlank()) {
      summary = firstSentence(details);
    }
    String withdrawn = orEmpty(d.withdrawn());
    List<Affected> affected = new ArrayList<>();
    List<AffectedEntry> entries = listOf(d.affected());
    for (int i = 0; i < entries.size(); i++) {
      affected.add(affected(entries.get(i), where, "affected[" + i + "]"));
    }
    return new Advisory(
        d.id(),
        aliases,
        summary,
        orEmpty(d.modified()),
        severities(d.severities(), where, "severity"),
        Optional.ofNullable(specificSeverity(d.databaseSpecific(), false)),
        affected,
        withdrawn.isEmpty() ? Optional.empty() : Optional.of(withdrawn));
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

  private Affected affected(AffectedEntry entry, String where, String at) throws PaasException {
    if (entry.pkg() == null || entry.pkg().ecosystem() == null || entry.pkg().name() == null) {
      throw malformed(
          where, at + " names no package: it needs \"package\": {\"ecosystem\", \"name\"}");
    }
    List<Range> ranges = new ArrayList<>(2);
    List<RangeEntry> rangeEntries = listOf(entry.ranges());
    for (int i = 0; i < rangeEntries.size(); i++) {
      range(rangeEntries.get(i), where, at + ".ranges[" + i + "]").ifPresent(ranges::add);
    }
    String ecosystemSeverity = specificSeverity(entry.ecosystemSpecific(), true);
    String severity =
        ecosystemSeverity != null
            ? ecosystemSeverity
            : specificSeverity(entry.databaseSpecific(), true);
    return new Affected(
        intern(entry.pkg().ecosystem()),
        intern(entry.pkg().name()),
        ranges,
        listOf(entry.versions()),
        severities(entry.severities(), where, at + ".severity"),
        Optional.ofNullable(severity));
  }

  private static Optional<Range> range(RangeEntry entry, String where, String at)
      throws PaasException {
    if (entry.type() == null) {
      throw malformed(where, at + " has no \"type\" (ECOSYSTEM, SEMVER or GIT)");
    }
    List<Event> events = new ArrayList<>(2);
    List<EventEntry> eventEntries = listOf(entry.events());
    for (int i = 0; i < eventEntries.size(); i++) {
      events.add(event(eventEntries.get(i), where, at + ".events[" + i + "]"));
    }
    Range.Type type =
        switch (entry.type()) {
          case "ECOSYSTEM" -> Range.Type.ECOSYSTEM;
          case "SEMVER" -> Range.Type.SEMVER;
          case "GIT" -> Range.Type.GIT;
          default -> null;
        };
    return type == null ? Optional.empty() : Optional.of(new Range(type, events));
  }

  private static Event event(EventEntry entry, String where, String at) throws PaasException {
    Event event = null;
    String[] versions = {entry.introduced(), entry.fixed(), entry.lastAffected(), entry.limit()};
    Event.Kind[] kinds = Event.Kind.values();
    for (int k = 0; k < versions.length; k++) {
      if (versions[k] == null) {
        continue;
      }
      if (event != null) {
        throw malformed(
            where,
            at
                + " has both \""
                + name(event.kind())
                + "\" and \""
                + name(kinds[k])
                + "\": each event holds exactly one");
      }
      event = new Event(kinds[k], versions[k]);
    }
    if (event == null) {
      throw malformed(where, at + " is none of introduced, fixed, last_affected, limit");
    }
    return event;
  }

  private static String name(Event.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private List<Severity> severities(List<SeverityEntry> entries, String where, String at)
      throws PaasException {
    List<Severity> out = new ArrayList<>(1);
    List<SeverityEntry> all = listOf(entries);
    for (int i = 0; i < all.size(); i++) {
      SeverityEntry entry = all.get(i);
      if (entry.type() == null || entry.score() == null) {
        throw malformed(where, at + "[" + i + "] needs both \"type\" and \"score\"");
      }
      out.add(new Severity(intern(entry.type()), entry.score()));
    }
    return out;
  }

  /**
   * The string {@code severity} (or, in {@code affected}, {@code urgency}) of a specific object.
   */
  private String specificSeverity(JsonNode specific, boolean urgency) {
    if (specific == null || !specific.isObject()) {
      return null;
    }
    JsonNode severity = specific.get("severity");
    if (severity != null && severity.isTextual()) {
      return intern(severity.textValue());
    }
    JsonNode urgent = urgency ? specific.get("urgency") : null;
    return urgent != null && urgent.isTextual() ? intern(urgent.textValue()) : null;
  }

  /** The limit a binding failed on, where it did: Jackson wraps it when it binds a tree. */
  private static Optional<StreamConstraintsException> limit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException limit) {
        return Optional.of(limit);
      }
    }
    return Optional.empty();
  }

  private static String pastLimit(StreamConstraintsException e) {
    return "it goes past a limit set for hostile documents ("
        + e.getOriginalMessage().lines().findFirst().orElse("")
        + ")";
  }

  /**
   * What a value of the wrong JSON type is, and where: {@code "affected[0].versions[1]" must be a
   * string, not an object}.
   */
  private static String wrongType(DatabindException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : ((JsonMappingException) e).getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    JsonToken found = e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
    Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    String must =
        target == String.class
            ? "must be a string"
            : target != null && Collection.class.isAssignableFrom(target)
                ? "must be an array"
                : "must be an object";
    if (found == JsonToken.VALUE_NULL && e instanceof InvalidNullException) {
      must = "must be an array";
    }
    return "\"" + path + "\" " + must + ", not " + describe(found);
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

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static PaasException tooLarge(String where) {
    return malformed(where, "it is larger than " + (MAX_DOCUMENT_BYTES >> 20) + " MiB");
  }

  private static PaasException malformed(String where, String what) {
    return new PaasException(
        where
            + ": not an OSV advisory: "
            + what
            + ". Replace it with a fresh "
            + "copy from osv.dev (https://osv.dev/docs/#section/Data-Dumps), or remove it from the "
            + "vulnerability database");
  }

  /**
   * The binding: values of the wrong JSON type are refused, not coerced (a number is no version), a
   * {@code null} inside a list is refused, and the parser's limits bound a hostile document.
   */
  private static ObjectReader reader() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .build())
            .build();
    ObjectMapper mapper =
        JsonMapper.builder(factory)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withConfigOverride(
                List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .withCoercionConfig(
                LogicalType.Textual,
                c ->
                    c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfigDefaults(
                c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();
    return mapper.readerFor(OsvDocument.class);
  }
}
