package dev.paas.core.check.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips and jars built in memory for the scanner's tests, bombs included. */
final class Zips {
  private Zips() {}

  /** A zip of the given entries, deflated, in order. */
  static byte[] deflated(Map<String, byte[]> entries) {
    return write(entries, false);
  }

  /** A zip whose entries are stored, as Spring Boot stores the jars under BOOT-INF/lib. */
  static byte[] stored(Map<String, byte[]> entries) {
    return write(entries, true);
  }

  static Map<String, byte[]> entries(Object... nameThenContent) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      Object content = nameThenContent[i + 1];
      entries.put(
          (String) nameThenContent[i],
          content instanceof byte[] bytes
              ? bytes
              : content.toString().getBytes(StandardCharsets.UTF_8));
    }
    return entries;
  }

  private static byte[] write(Map<String, byte[]> entries, boolean stored) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCompressedSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A one-entry zip whose entry inflates to {@code mebibytes} MiB of {@code fill}, with its sizes
   * in the local header. Built from one deflated MiB repeated (every block refers only to bytes
   * equal to its own), so it takes a moment and a few MiB, not a real compression of GiBs.
   */
  static byte[] bomb(String name, byte fill, int mebibytes) {
    byte[] mib = new byte[1 << 20];
    Arrays.fill(mib, fill);
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(mib);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      block.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    deflater.end();
    byte[] oneMib = block.toByteArray();
    CRC32 crc = new CRC32();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < mebibytes; i++) {
      data.write(oneMib, 0, oneMib.length);
      crc.update(mib);
    }
    data.write(new byte[] {3, 0}, 0, 2); // an empty final block
    return singleEntry(name, data.toByteArray(), crc.getValue(), (long) mebibytes << 20);
  }

  private static byte[] singleEntry(String name, byte[] deflated, long crc, long size) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(deflated.length + 2 * nameBytes.length + 200)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0x04034b50)
        .putShort((short) 20)
        .putShort((short) 0)
        .putShort((short) 8)
        .putShort((short) 0)
        .putShort((short) 0x21)
        .putInt((int) crc)
        .putInt(deflated.length)
        .putInt((int) size)
        .putShort((short) nameBytes.length)
        .putShort((short) 0)
        .put(nameBytes)
        .put(deflated);
    int centralAt = out.position();
    out.putInt(0x02014b50)
        .putShort((short) 20)
        .putShort((short) 20)
        .putShort((short) 0)
        .putShort((short) 8)
        .putShort((short) 0)
        .putShort((short) 0x21)
        .putInt((int) crc)
        .putInt(deflated.length)
        .putInt((int) size)
        .putShort((short) nameBytes.length)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0)
        .putInt(0)
        .putInt(0)
        .put(nameBytes);
    int centralSize = out.position() - centralAt;
    out.putInt(0x06054b50)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(centralSize)
        .putInt(centralAt)
        .putShort((short) 0);
    return Arrays.copyOf(out.array(), out.position());
  }
}
