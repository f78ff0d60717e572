package dev.paas.core.check.layer;

import dev.paas.core.check.secrets.SecretMatch;
import dev.paas.core.fleet.FleetCache;
import dev.paas.core.inventory.InstalledPackage;
import dev.paas.core.io.AtomicFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Layer facts kept on this machine by diff_id and the examination's version, so the official base
 * every app shares is read once per machine. The facts of a base layer run to tens of thousands of
 * entries; they are stored in a compact binary form because a warm check spends most of its time
 * loading them.
 */
public final class LayerFactsCache {
  /**
   * The version of what a layer's facts hold and how secrets and packages are found: a change to
   * the layer reader, the secret scanner, the package readers or this format bumps it, and every
   * layer is read again.
   */
  public static final int VERSION = 7;

  private static final int MAGIC = 0x50414153; // "PAAS"
  private static final LayerEntry.Type[] TYPES = LayerEntry.Type.values();
  private static final InstalledPackage.Kind[] KINDS = InstalledPackage.Kind.values();

  private final Path directory;
  private final Optional<FleetLayerFacts> fleet;

  /** A cache under {@code root} (e.g. {@code ~/.cache/.../paas/check}). */
  public LayerFactsCache(Path root) {
    this.directory = root.resolve("v" + VERSION);
    this.fleet = Optional.empty();
  }

  /**
   * A cache under {@code root} backed by the fleet's: a layer this machine has not read is looked
   * up there, and what this machine reads is published.
   *
   * @param rulesDigest the digest of the secret rules the facts are found with
   */
  public LayerFactsCache(Path root, FleetCache fleet, String rulesDigest) {
    this.directory = root.resolve("v" + VERSION);
    this.fleet = Optional.of(new FleetLayerFacts(fleet, rulesDigest));
  }

  /**
   * Whether this machine may hold facts of the layer {@code diffId} under {@code root}, for any
   * secret rules: a hint that work on the layer is worth starting early, never a reason to trust
   * anything ({@link #get} decides that).
   */
  public static boolean mayHold(Path root, String diffId) {
    if (!diffId.matches("sha256:[0-9a-f]{64}")) {
      return false;
    }
    String name = diffId.substring(7) + ".facts";
    if (Files.exists(root.resolve("v" + VERSION).resolve(name))) {
      return true;
    }
    try (var rules = Files.newDirectoryStream(root, "rules-*")) {
      for (Path dir : rules) {
        if (Files.exists(dir.resolve("v" + VERSION).resolve(name))) {
          return true;
        }
      }
    } catch (IOException e) {
      // No cache yet: nothing is held.
    }
    return false;
  }

  /**
   * The facts of a layer read before, here or (then kept here) by the fleet; a damaged entry counts
   * as none.
   */
  public Optional<LayerFacts> get(String diffId) {
    Path file = file(diffId);
    if (file == null) {
      return Optional.empty();
    }
    if (Files.isRegularFile(file)) {
      Optional<LayerFacts> local = readFile(file, diffId, Long.MAX_VALUE);
      if (local.isPresent() || fleet.isEmpty()) {
        return local;
      }
    }
    return fleet.flatMap(f -> f.pull(diffId, file));
  }

  /**
   * Keeps a layer's facts, and publishes them to the fleet; a cache that cannot be written only
   * costs speed.
   */
  public void put(LayerFacts facts) {
    Path file = file(facts.diffId());
    if (file == null) {
      return;
    }
    try {
      AtomicFile.write(
          file,
          out -> {
            DeflaterOutputStream deflated =
                new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED), 1 << 16);
            DataOutputStream data =
                new DataOutputStream(new BufferedOutputStream(deflated, 1 << 16));
            write(facts, data);
            data.flush();
            deflated.finish();
          });
    } catch (IOException e) {
      // The next check reads the layer again.
      return;
    }
    fleet.ifPresent(f -> f.publish(facts.diffId(), file));
  }

  /**
   * The facts in {@code file} if they are the layer's, reading at most {@code maxBytes} once
   * inflated; a damaged or foreign file counts as none.
   */
  static Optional<LayerFacts> readFile(Path file, String diffId, long maxBytes) {
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(
                new BoundedInput(new InflaterInputStream(Files.newInputStream(file)), maxBytes),
                1 << 16))) {
      LayerFacts facts = read(in);
      return diffId.equals(facts.diffId()) ? Optional.of(facts) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Fails a read past a number of bytes: facts from elsewhere cannot inflate without end. */
  private static final class BoundedInput extends FilterInputStream {
    private long left;

    BoundedInput(InputStream in, long max) {
      super(in);
      this.left = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0 && (left -= n) < 0) {
        throw new IOException("the facts are larger than allowed");
      }
      return n;
    }
  }

  private static void write(LayerFacts facts, DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeUTF(facts.diffId());
    strings(out, facts.storedDigests());
    out.writeInt(facts.entries().size());
    for (LayerEntry e : facts.entries()) {
      text(out, e.path());
      out.writeByte(e.type().ordinal());
      out.writeInt(e.mode());
      out.writeLong(e.uid());
      out.writeLong(e.gid());
      out.writeLong(e.size());
      text(out, e.link());
      out.writeBoolean(e.escapes());
    }
    out.writeInt(facts.secrets().size());
    for (SecretMatch m : facts.secrets()) {
      strings(out, List.of(m.kind(), m.description(), m.path(), m.redacted(), m.fingerprint()));
      out.writeInt(m.line());
    }
    out.writeInt(facts.keptFiles().size());
    for (Map.Entry<String, String> file : facts.keptFiles().entrySet()) {
      text(out, file.getKey());
      text(out, file.getValue());
    }
    out.writeInt(facts.packages().size());
    for (InstalledPackage p : facts.packages()) {
      out.writeByte(p.kind().ordinal());
      strings(
          out,
          List.of(
              p.name(),
              p.version(),
              p.sourceName(),
              p.sourceVersion(),
              p.arch(),
              p.path(),
              p.evidence(),
              p.sha1(),
              p.sha256()));
    }
    strings(out, facts.packageProblems());
  }

  private static LayerFacts read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a facts file");
    }
    String diffId = in.readUTF();
    List<String> stored = strings(in);
    int count = in.readInt();
    List<LayerEntry> entries = new ArrayList<>(capacity(count));
    for (int i = 0; i < count; i++) {
      entries.add(
          new LayerEntry(
              text(in),
              TYPES[in.readUnsignedByte()],
              in.readInt(),
              in.readLong(),
              in.readLong(),
              in.readLong(),
              text(in),
              in.readBoolean()));
    }
    int secrets = in.readInt();
    List<SecretMatch> matches = new ArrayList<>(capacity(secrets));
    for (int i = 0; i < secrets; i++) {
      List<String> s = strings(in);
      matches.add(new SecretMatch(s.get(0), s.get(1), s.get(2), in.readInt(), s.get(3), s.get(4)));
    }
    int files = in.readInt();
    Map<String, String> kept = new HashMap<>();
    for (int i = 0; i < files; i++) {
      kept.put(text(in), text(in));
    }
    int packageCount = in.readInt();
    List<InstalledPackage> packages = new ArrayList<>(Math.min(packageCount, 1 << 16));
    for (int i = 0; i < packageCount; i++) {
      InstalledPackage.Kind kind = KINDS[in.readUnsignedByte()];
      List<String> s = strings(in);
      packages.add(
          new InstalledPackage(
              kind, s.get(0), s.get(1), s.get(2), s.get(3), s.get(4), s.get(5), s.get(6), s.get(7),
              s.get(8)));
    }
    return new LayerFacts(diffId, stored, entries, matches, kept, packages, strings(in));
  }

  // Paths and user databases may exceed writeUTF's 64 KiB: length-prefixed UTF-8 instead.
  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String text(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > (1 << 24)) {
      throw new IOException("damaged facts file");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void strings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      text(out, value);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<String> values = new ArrayList<>(capacity(count));
    for (int i = 0; i < count; i++) {
      values.add(text(in));
    }
    return values;
  }

  // Counts come from the file: a list grows as its entries are really read, from a bounded start.
  private static int capacity(int count) throws IOException {
    if (count < 0) {
      throw new IOException("damaged facts file");
    }
    return Math.min(count, 1 << 16);
  }

  private Path file(String diffId) {
    return diffId.matches("sha256:[0-9a-f]{64}")
        ? directory.resolve(diffId.substring(7) + ".facts")
        : null;
  }
}
