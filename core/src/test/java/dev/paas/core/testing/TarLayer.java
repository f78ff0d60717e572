package dev.paas.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** A layer tar written entry by entry, with any entry type or name a hostile image might use. */
public final class TarLayer {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  public TarLayer() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  public TarLayer dir(String name, int mode) {
    TarArchiveEntry entry =
        new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
    entry.setMode(040000 | mode);
    return put(entry, new byte[0]);
  }

  public TarLayer file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
  }

  public TarLayer file(String name, byte[] content, int mode, int uid, int gid) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(0100000 | mode);
    entry.setUserId(uid);
    entry.setGroupId(gid);
    entry.setSize(content.length);
    return put(entry, content);
  }

  /** A regular file with the content of a host file (e.g. /bin/busybox). */
  public TarLayer hostFile(String name, Path source, int mode) {
    try {
      return file(name, Files.readAllBytes(source), mode, 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TarLayer symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    entry.setMode(0120777);
    return put(entry, new byte[0]);
  }

  public TarLayer hardlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    entry.setMode(0100644);
    return put(entry, new byte[0]);
  }

  public TarLayer device(String name, byte type) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setMode(0600);
    entry.setDevMajor(8);
    entry.setDevMinor(0);
    return put(entry, new byte[0]);
  }

  /** A file entry that says it has {@code size} bytes, of which only {@code content} follow. */
  public byte[] truncatedAfter(String name, byte[] content, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(0100644);
    entry.setSize(size);
    try {
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.flush();
      byte[] all = bytes.toByteArray();
      return Arrays.copyOf(all, all.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TarLayer put(TarArchiveEntry entry, byte[] content) {
    try {
      entry.setModTime(new Date(1_000_000_000_000L));
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The finished tar. */
  public byte[] tar() {
    try {
      tar.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The finished layer, tar and gzip, as {@link OciFixtures} images take it. */
  public OciFixtures.Layer layer() {
    byte[] tarBytes = tar();
    return new OciFixtures.Layer(tarBytes, OciFixtures.gzip(tarBytes));
  }
}
