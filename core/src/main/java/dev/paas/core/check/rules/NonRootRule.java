package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.layer.FileTree;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.check.layer.LayerEntry;
import dev.paas.core.platform.Policy;
import java.util.List;
import java.util.Optional;

/**
 * {@code non-root}: the config's user resolves, through the image's own final {@code /etc/passwd}
 * and {@code /etc/group}, to a non-zero uid.
 */
public final class NonRootRule implements Rule {
  public static final String ID = "non-root";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "Runs as a non-root user",
          "The configured user must resolve through the image's own /etc/passwd to a non-zero "
              + "uid: a process running as root turns any container escape into a host compromise.",
          "Set the image's user (<user> in paas-maven-plugin's configuration, <container><user> with"
              + " Jib) to a numeric uid or a user the image defines with a non-zero uid",
          Policy.Level.ERROR,
          false,
          "check.html#The_rules",
          "");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> check(InspectedImage image) {
    String user = image.config().path("config").path("User").asText("").strip();
    Location where = Location.inConfig("User");
    if (user.isEmpty()) {
      return fail("user", "No user is set, so the container runs as root (uid 0)", where);
    }
    int colon = user.indexOf(':');
    String name = colon < 0 ? user : user.substring(0, colon);
    String group = colon < 0 ? "" : user.substring(colon + 1);
    Optional<Long> uid;
    if (name.matches("\\d+")) {
      uid = Optional.of(Long.parseLong(name));
    } else {
      Optional<String> passwd = content(image, "/etc/passwd");
      if (passwd.isEmpty()) {
        return fail(
            "user",
            "User '"
                + user
                + "' is a name, but the image has no readable "
                + "/etc/passwd to resolve it: it cannot be proven non-root",
            where);
      }
      uid = lookup(passwd.get(), name, 2);
      if (uid.isEmpty()) {
        return fail(
            "user",
            "User '"
                + name
                + "' is not in the image's /etc/passwd: the "
                + "container would not start",
            where);
      }
    }
    if (uid.get() == 0) {
      return fail("user", "User '" + user + "' is uid 0 (root)", where);
    }
    if (!group.isEmpty() && !group.matches("\\d+")) {
      Optional<String> groups = content(image, "/etc/group");
      if (groups.isEmpty() || lookup(groups.get(), group, 2).isEmpty()) {
        return fail(
            "user",
            "Group '"
                + group
                + "' of user '"
                + user
                + "' is not in the image's "
                + "/etc/group: the container would not start",
            where);
      }
    }
    return List.of();
  }

  private static List<Finding> fail(String id, String message, Location where) {
    return List.of(Finding.of(ID, id, message, where));
  }

  // The file's content as the last layer writing it left it; a symlink or hard link is not
  // followed (it would have to be resolved inside the image, and a user database is never one).
  private static Optional<String> content(InspectedImage image, String path) {
    return FileTree.find(image.layers(), path)
        .filter(n -> n.entry().type() == LayerEntry.Type.FILE)
        .map(n -> image.layers().get(n.layer()).keptFiles().get(path));
  }

  // The numeric field at {@code field} of the line whose first field is {@code name}.
  private static Optional<Long> lookup(String database, String name, int field) {
    for (String line : database.split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length > field
          && fields[0].equals(name)
          && fields[field].strip().matches("\\d+")) {
        return Optional.of(Long.parseLong(fields[field].strip()));
      }
    }
    return Optional.empty();
  }
}
