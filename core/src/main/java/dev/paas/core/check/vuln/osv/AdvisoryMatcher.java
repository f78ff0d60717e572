package dev.paas.core.check.vuln.osv;

import dev.paas.core.check.vuln.ecosystem.PackageEcosystem;
import dev.paas.core.check.vuln.ecosystem.PackageEcosystems;
import dev.paas.core.check.vuln.version.VersionScheme;
import dev.paas.core.check.vuln.version.VersionSchemes;
import dev.paas.core.inventory.ImageInventory;
import dev.paas.core.inventory.ImagePackage;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.inventory.OsRelease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the advisories that affect an image's packages, evaluating each advisory as the OSV
 * schema's pseudo-code does (https://ossf.github.io/osv-schema/#evaluation): a version is affected
 * if an entry for its package lists it in {@code versions}, or it lies in one of the entry's {@code
 * ECOSYSTEM} or {@code SEMVER} ranges — the range's events sorted by version ({@code introduced
 * "0"} first), affected from an {@code introduced} on, up to the next {@code fixed} (excluded) or
 * {@code last_affected} (included), and, where the range has {@code limit} events, only below one
 * of them. {@code GIT} ranges are not evaluated: an image carries no commit of what it installs.
 *
 * <p>Which package and version are compared depends on the ecosystem: Debian, Ubuntu and Alpine
 * advisories name source packages, so a dpkg package is looked up by its source name and compared
 * with its source version, an apk package by its origin but with its own version; an rpm by its
 * binary name and version; a Java library by {@code groupId:artifactId}, and a library known only
 * as {@code :artifactId} only when the database knows exactly one groupId for that artifactId. Each
 * kind's key, name and version come from its {@link PackageEcosystem}.
 *
 * <p>{@code ECOSYSTEM} ranges are ordered by the {@link VersionScheme} the lookup function gives
 * for the ecosystem's name ({@code Debian:12}, {@code Alpine:v3.19}, {@code Maven}, ...); where it
 * gives none, only the {@code versions} lists of that ecosystem are used. Alpine's ranges of an
 * image whose apk database lists {@code apk-tools} are ordered as that apk-tools orders versions
 * ({@link VersionSchemes#forApkTools}): 2.x and 3.x disagree on versions such as {@code 1.9.5p1-r1}
 * and {@code 1.9.5p2-r1}, and the image's own tool decides what it installs. {@code SEMVER} ranges
 * use {@link SemverOrder}. A version a scheme fails on is never an error: the events it cannot be
 * compared with are left out, so a range from {@code introduced "0"} whose fix cannot be compared
 * still holds (a false alarm rather than a silent miss).
 *
 * <p>Withdrawn advisories never match, and each (advisory, package) pair is reported once.
 */
public final class AdvisoryMatcher {
  private static final int FAILED = Integer.MIN_VALUE;

  private final Function<String, Optional<VersionScheme>> schemes;

  /**
   * A matcher that orders each ecosystem's versions with the scheme {@code schemes} gives for it.
   */
  public AdvisoryMatcher(Function<String, Optional<VersionScheme>> schemes) {
    this.schemes = Objects.requireNonNull(schemes, "schemes");
  }

  /**
   * The advisories of {@code db} that affect a package of {@code inventory}, package by package.
   */
  public List<Match> match(ImageInventory inventory, AdvisoryDb db) {
    return match(inventory, inventory.packages(), db);
  }

  /**
   * The advisories of {@code db} that affect one of {@code packages}, each a package of the image
   * {@code inventory} describes (whose OS release and package manager decide the orders).
   */
  public List<Match> match(ImageInventory inventory, List<ImagePackage> packages, AdvisoryDb db) {
    Map<String, Optional<Comparator<String>>> orders = new HashMap<>();
    Function<String, Optional<Comparator<String>>> orderOf =
        ecosystem -> scheme(ecosystem, inventory).map(s -> (Comparator<String>) s);
    Map<InstalledPackage.Kind, Optional<String>> keys = new HashMap<>();
    Optional<OsRelease> os = inventory.os();
    List<Match> out = new ArrayList<>();
    for (ImagePackage pkg : packages) {
      InstalledPackage installed = pkg.installed();
      PackageEcosystem ecosystem = PackageEcosystems.of(installed.kind());
      Optional<String> key = keys.computeIfAbsent(installed.kind(), k -> ecosystem.key(os));
      if (key.isEmpty()) {
        continue;
      }
      String name = ecosystem.advisoryName(installed);
      String version = ecosystem.advisoryVersion(installed);
      Optional<String> assumedGroup = Optional.empty();
      if (installed.kind() == InstalledPackage.Kind.MAVEN && name.startsWith(":")) {
        // A library its file name alone named: matched under the one group the advisories know.
        String artifactId = name.substring(1);
        Optional<String> group = db.uniqueMavenGroup(artifactId);
        if (group.isEmpty()) {
          continue;
        }
        name = group.get() + ":" + artifactId;
        assumedGroup = group;
      }
      for (AdvisoryDb.Entry entry : db.lookup(key.get(), name)) {
        if (entry.advisory().isWithdrawn()) {
          continue;
        }
        Match match = evaluate(entry, pkg, version, orders, orderOf);
        if (match != null) {
          out.add(
              assumedGroup.isEmpty()
                  ? match
                  : new Match(
                      match.advisory(),
                      match.pkg(),
                      match.ecosystem(),
                      match.fixedVersion(),
                      assumedGroup));
        }
      }
    }
    return out;
  }

  /**
   * The order of {@code ecosystem}'s versions among the packages of {@code inventory}: the one the
   * image's own tools decide where they do ({@link PackageEcosystem#imageOrder}), else the one this
   * matcher was given for the ecosystem.
   */
  public Optional<VersionScheme> scheme(String ecosystem, ImageInventory inventory) {
    return PackageEcosystems.imageOrder(ecosystem, inventory).or(() -> schemes.apply(ecosystem));
  }

  private Match evaluate(
      AdvisoryDb.Entry entry,
      ImagePackage pkg,
      String version,
      Map<String, Optional<Comparator<String>>> orders,
      Function<String, Optional<Comparator<String>>> orderOf) {
    String matchedIn = null;
    String fixedInRange = null;
    for (Affected affected : entry.affected()) {
      boolean hit = affected.versions().contains(version);
      for (Range range : affected.ranges()) {
        Comparator<String> order = order(range, affected.ecosystem(), orders, orderOf);
        if (order == null) {
          continue;
        }
        if (inRange(version, range, order)) {
          hit = true;
          fixedInRange = lower(fixedInRange, lowestFixedAbove(version, range, order), order);
        }
      }
      if (hit && matchedIn == null) {
        matchedIn = affected.ecosystem();
      }
    }
    if (matchedIn == null) {
      return null;
    }
    String fixed = fixedInRange;
    if (fixed == null) {
      for (Affected affected : entry.affected()) {
        for (Range range : affected.ranges()) {
          Comparator<String> order = order(range, affected.ecosystem(), orders, orderOf);
          if (order != null) {
            fixed = lower(fixed, lowestFixedAbove(version, range, order), order);
          }
        }
      }
    }
    return new Match(entry.advisory(), pkg, matchedIn, Optional.ofNullable(fixed));
  }

  private static Comparator<String> order(
      Range range,
      String ecosystem,
      Map<String, Optional<Comparator<String>>> orders,
      Function<String, Optional<Comparator<String>>> orderOf) {
    return switch (range.type()) {
      case SEMVER -> SemverOrder.INSTANCE;
      case GIT -> null;
      case ECOSYSTEM -> orders.computeIfAbsent(ecosystem, orderOf).orElse(null);
    };
  }

  /** The OSV evaluation of one range: {@code BeforeLimits} and the sorted sweep of its events. */
  static boolean inRange(String version, Range range, Comparator<String> order) {
    List<Event> events = range.events();
    boolean limited = false;
    boolean beforeLimit = false;
    for (Event event : events) {
      if (event.kind() == Event.Kind.LIMIT) {
        limited = true;
        if (event.version().equals("*")) {
          beforeLimit = true;
        } else {
          int c = compare(order, version, event.version());
          beforeLimit |= c != FAILED && c < 0;
        }
      }
    }
    if (limited && !beforeLimit) {
      return false;
    }
    boolean vulnerable = false;
    for (Event event : sorted(events, order)) {
      switch (event.kind()) {
        case INTRODUCED -> {
          if (isZero(event)) {
            vulnerable = true;
          } else {
            int c = compare(order, version, event.version());
            if (c != FAILED && c >= 0) {
              vulnerable = true;
            }
          }
        }
        case FIXED -> {
          int c = compare(order, version, event.version());
          if (c != FAILED && c >= 0) {
            vulnerable = false;
          }
        }
        case LAST_AFFECTED -> {
          int c = compare(order, version, event.version());
          if (c != FAILED && c > 0) {
            vulnerable = false;
          }
        }
        default -> {}
      }
    }
    return vulnerable;
  }

  /** The lowest {@code fixed} event of the range above {@code version}, or null. */
  static String lowestFixedAbove(String version, Range range, Comparator<String> order) {
    String lowest = null;
    for (Event event : range.events()) {
      if (event.kind() == Event.Kind.FIXED) {
        int c = compare(order, version, event.version());
        if (c != FAILED && c < 0) {
          lowest = lower(lowest, event.version(), order);
        }
      }
    }
    return lowest;
  }

  private static String lower(String a, String b, Comparator<String> order) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    int c = compare(order, b, a);
    return c != FAILED && c < 0 ? b : a;
  }

  /** The range's events without limits, in version order ({@code introduced "0"} first). */
  private static List<Event> sorted(List<Event> events, Comparator<String> order) {
    List<Event> list = new ArrayList<>(events.size());
    for (Event event : events) {
      if (event.kind() != Event.Kind.LIMIT) {
        list.add(event);
      }
    }
    if (isSorted(list, order)) {
      return list;
    }
    try {
      list.sort(
          (a, b) -> {
            boolean za = isZero(a);
            boolean zb = isZero(b);
            if (za || zb) {
              return za == zb ? 0 : za ? -1 : 1;
            }
            int c = compare(order, a.version(), b.version());
            return c == FAILED ? 0 : c;
          });
    } catch (IllegalArgumentException e) {
      // the scheme's order is not consistent on these versions: keep the advisory's own order
    }
    return list;
  }

  private static boolean isSorted(List<Event> list, Comparator<String> order) {
    for (int i = 1; i < list.size(); i++) {
      Event a = list.get(i - 1);
      Event b = list.get(i);
      if (isZero(a)) {
        continue;
      }
      if (isZero(b)) {
        return false;
      }
      int c = compare(order, a.version(), b.version());
      if (c == FAILED || c > 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(Event event) {
    return event.kind() == Event.Kind.INTRODUCED && event.version().equals("0");
  }

  /** The order of two versions, or {@link #FAILED} where the scheme fails on them. */
  private static int compare(Comparator<String> order, String a, String b) {
    try {
      int c = order.compare(a, b);
      return c == FAILED ? -1 : c;
    } catch (RuntimeException e) {
      return FAILED;
    }
  }
}
