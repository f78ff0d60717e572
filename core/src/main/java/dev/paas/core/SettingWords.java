package dev.paas.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a front end words the settings a core message names with {@link Setting}'s marks. */
public interface SettingWords {
  /** Where the user gives {@code setting}, in the front end's words. */
  String name(Setting setting);

  /** How the user gives {@code setting} the value {@code value}, in the front end's words. */
  String setTo(Setting setting, String value);

  /** Words for messages no front end words: the settings' neutral names. */
  SettingWords NEUTRAL =
      new SettingWords() {
        @Override
        public String name(Setting setting) {
          return "the " + setting.key() + " setting";
        }

        @Override
        public String setTo(Setting setting, String value) {
          return "the " + setting.key() + " setting set to " + value;
        }
      };

  /** {@code message} with every setting's mark worded. */
  default String word(String message) {
    if (message == null || !message.contains("{setting:")) {
      return message;
    }
    Matcher mark = Marks.MARK.matcher(message);
    StringBuilder out = new StringBuilder();
    while (mark.find()) {
      String words = mark.group(0);
      for (Setting setting : Setting.values()) {
        if (setting.key().equals(mark.group(1))) {
          words = mark.group(2) == null ? name(setting) : setTo(setting, mark.group(2));
        }
      }
      mark.appendReplacement(out, Matcher.quoteReplacement(words));
    }
    mark.appendTail(out);
    return out.toString();
  }

  /** The marks' form. */
  final class Marks {
    static final Pattern MARK = Pattern.compile("\\{setting:([A-Za-z.]+)(?:=([^}]*))?}");

    private Marks() {}
  }
}
