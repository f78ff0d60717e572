package dev.paas.core.check.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the part of TOML that rule files use (gitleaks' {@code gitleaks.toml} and this plugin's own
 * rules): tables, arrays of tables, dotted and quoted keys, strings of the four kinds, integers,
 * floats, booleans, arrays and inline tables. Tables are {@code Map}s, arrays {@code List}s. The
 * text is hostile (it may come from a platform's repository): it is bounded in size and nesting,
 * and every error names its line.
 */
final class TomlReader {
  /** The largest rule file read: gitleaks' own is about 100 KB. */
  static final int MAX_CHARACTERS = 2 << 20;

  private static final int MAX_NESTING = 16;

  /** Bad TOML, with the line it is on. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  private final String text;
  private int at;
  private int line = 1;

  private TomlReader(String text) {
    this.text = text;
  }

  /** The document's root table. */
  static Map<String, Object> read(String text) throws Invalid {
    if (text.length() > MAX_CHARACTERS) {
      throw new Invalid(
          "the file has "
              + text.length()
              + " characters, more than the "
              + MAX_CHARACTERS
              + " a rule file may have");
    }
    return new TomlReader(text).document();
  }

  private Map<String, Object> document() throws Invalid {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> current = root;
    while (true) {
      skipBlankLines();
      if (at >= text.length()) {
        return root;
      }
      if (peek() == '[') {
        boolean array = text.startsWith("[[", at);
        at += array ? 2 : 1;
        List<String> path = keyPath();
        expect(array ? "]]" : "]");
        current = array ? appendTable(root, path) : table(root, path);
        endOfLine();
      } else {
        keyValue(current, 0);
        endOfLine();
      }
    }
  }

  private void keyValue(Map<String, Object> table, int depth) throws Invalid {
    List<String> path = keyPath();
    skipSpaces();
    expect("=");
    skipSpaces();
    Object value = value(depth);
    Map<String, Object> owner =
        path.size() == 1 ? table : table(table, path.subList(0, path.size() - 1));
    String key = path.get(path.size() - 1);
    if (owner.putIfAbsent(key, value) != null) {
      throw fail("the key '" + String.join(".", path) + "' is given twice");
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> table(Map<String, Object> from, List<String> path) throws Invalid {
    Map<String, Object> table = from;
    for (String key : path) {
      Object next = table.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
      if (next instanceof List<?> list
          && !list.isEmpty()
          && list.get(list.size() - 1) instanceof Map) {
        next = list.get(list.size() - 1);
      }
      if (!(next instanceof Map)) {
        throw fail("'" + key + "' is a value, not a table");
      }
      table = (Map<String, Object>) next;
    }
    return table;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> appendTable(Map<String, Object> root, List<String> path)
      throws Invalid {
    Map<String, Object> parent = table(root, path.subList(0, path.size() - 1));
    Object existing = parent.computeIfAbsent(path.get(path.size() - 1), k -> new ArrayList<>());
    if (!(existing instanceof List)) {
      throw fail("'" + String.join(".", path) + "' is a table, not an array of tables");
    }
    Map<String, Object> table = new LinkedHashMap<>();
    ((List<Object>) existing).add(table);
    return table;
  }

  private List<String> keyPath() throws Invalid {
    List<String> path = new ArrayList<>();
    while (true) {
      skipSpaces();
      char c = peek();
      if (c == '"') {
        path.add(basicString());
      } else if (c == '\'') {
        path.add(literalString());
      } else {
        int start = at;
        while (at < text.length() && isBareKeyChar(text.charAt(at))) {
          at++;
        }
        if (start == at) {
          throw fail("a key was expected");
        }
        path.add(text.substring(start, at));
      }
      skipSpaces();
      if (peek() != '.') {
        return path;
      }
      at++;
    }
  }

  private static boolean isBareKeyChar(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '_'
        || c == '-';
  }

  private Object value(int depth) throws Invalid {
    if (depth > MAX_NESTING) {
      throw fail("values are nested deeper than " + MAX_NESTING);
    }
    char c = peek();
    if (text.startsWith("'''", at)) {
      return multilineString("'''", false);
    }
    if (text.startsWith("\"\"\"", at)) {
      return multilineString("\"\"\"", true);
    }
    if (c == '"') {
      return basicString();
    }
    if (c == '\'') {
      return literalString();
    }
    if (c == '[') {
      return array(depth);
    }
    if (c == '{') {
      return inlineTable(depth);
    }
    int start = at;
    while (at < text.length() && "\n#,]} \t\r".indexOf(text.charAt(at)) < 0) {
      at++;
    }
    String word = text.substring(start, at);
    if (word.equals("true") || word.equals("false")) {
      return Boolean.valueOf(word);
    }
    try {
      String number = word.replace("_", "");
      return number.matches("[+-]?\\d+") ? (Object) Long.valueOf(number) : Double.valueOf(number);
    } catch (NumberFormatException e) {
      throw fail("'" + word + "' is not a TOML value (a string, number, boolean, array or table)");
    }
  }

  private List<Object> array(int depth) throws Invalid {
    at++;
    List<Object> items = new ArrayList<>();
    while (true) {
      skipBlankLines();
      if (peek() == ']') {
        at++;
        return items;
      }
      items.add(value(depth + 1));
      skipBlankLines();
      if (peek() == ',') {
        at++;
      } else if (peek() != ']') {
        throw fail("',' or ']' was expected in the array");
      }
    }
  }

  private Map<String, Object> inlineTable(int depth) throws Invalid {
    at++;
    Map<String, Object> table = new LinkedHashMap<>();
    skipSpaces();
    if (peek() == '}') {
      at++;
      return table;
    }
    while (true) {
      if (depth > MAX_NESTING) {
        throw fail("values are nested deeper than " + MAX_NESTING);
      }
      keyValue(table, depth + 1);
      skipSpaces();
      if (peek() == '}') {
        at++;
        return table;
      }
      expect(",");
    }
  }

  private String basicString() throws Invalid {
    at++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length() || text.charAt(at) == '\n') {
        throw fail("the string is not closed on its line");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        escape(out);
      } else {
        out.append(c);
      }
    }
  }

  private void escape(StringBuilder out) throws Invalid {
    if (at >= text.length()) {
      throw fail("the string ends in the middle of an escape");
    }
    char e = text.charAt(at++);
    switch (e) {
      case 'n' -> out.append('\n');
      case 't' -> out.append('\t');
      case 'r' -> out.append('\r');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case 'u', 'U' -> {
        int digits = e == 'u' ? 4 : 8;
        if (at + digits > text.length()) {
          throw fail("a \\" + e + " escape needs " + digits + " hex digits");
        }
        try {
          out.appendCodePoint(Integer.parseInt(text.substring(at, at + digits), 16));
        } catch (IllegalArgumentException ex) {
          throw fail("'\\" + e + text.substring(at, at + digits) + "' is not a valid escape");
        }
        at += digits;
      }
      default ->
          throw fail(
              "'\\"
                  + e
                  + "' is not a TOML escape; write '\\\\"
                  + e
                  + "' or use a literal string ('...') for a regular expression");
    }
  }

  private String literalString() throws Invalid {
    int close = text.indexOf('\'', at + 1);
    int newline = text.indexOf('\n', at + 1);
    if (close < 0 || newline >= 0 && newline < close) {
      throw fail("the string is not closed on its line");
    }
    String value = text.substring(at + 1, close);
    at = close + 1;
    return value;
  }

  private String multilineString(String quotes, boolean escapes) throws Invalid {
    int startLine = line;
    at += 3;
    if (text.startsWith("\r\n", at)) {
      at += 2;
      line++;
    } else if (peek() == '\n') {
      at++;
      line++;
    }
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        line = startLine;
        throw fail("the string opened by " + quotes + " is not closed");
      }
      if (text.startsWith(quotes, at)) {
        at += 3;
        // up to two quotes before the closing three belong to the string
        for (int extra = 0; extra < 2 && peek() == quotes.charAt(0); extra++) {
          out.append(text.charAt(at++));
        }
        return out.toString();
      }
      char c = text.charAt(at++);
      if (c == '\n') {
        line++;
      }
      if (escapes && c == '\\') {
        if (peekLineEnd()) {
          skipBlankLines(); // a line-ending backslash trims the break and following blanks
        } else {
          escape(out);
        }
      } else {
        out.append(c);
      }
    }
  }

  private boolean peekLineEnd() {
    int i = at;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i < text.length() && (text.charAt(i) == '\n' || text.charAt(i) == '\r');
  }

  private void expect(String what) throws Invalid {
    if (!text.startsWith(what, at)) {
      throw fail("'" + what + "' was expected");
    }
    at += what.length();
  }

  private void endOfLine() throws Invalid {
    skipSpaces();
    if (peek() == '#') {
      skipComment();
    }
    if (at < text.length() && peek() != '\n' && peek() != '\r') {
      throw fail("the line goes on after its value");
    }
  }

  private void skipSpaces() {
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
  }

  private void skipBlankLines() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '\n') {
        line++;
        at++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        at++;
      } else if (c == '#') {
        skipComment();
      } else {
        return;
      }
    }
  }

  private void skipComment() {
    while (at < text.length() && text.charAt(at) != '\n') {
      at++;
    }
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private Invalid fail(String message) {
    return new Invalid("line " + line + ": " + message);
  }
}
