package dev.paas.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.inventory.InstalledPackage.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpmHeaderTest {

  static byte[] header(int instance) {
    return Resources.bytes("/rpmdb/header-" + instance + ".bin");
  }

  @Test
  void readsARealHeader() {
    RpmHeader h = RpmHeader.parse(header(3));
    assertThat(h)
        .isEqualTo(
            new RpmHeader(
                "hello-tiny",
                OptionalInt.empty(),
                "1.2.3",
                "4.el9",
                "noarch",
                "hello-tiny-1.2.3-4.el9.src.rpm"));
    assertThat(h.fullVersion()).isEqualTo("1.2.3-4.el9");
    assertThat(h.sourceName()).isEqualTo("hello-tiny");
    assertThat(h.sourceVersion()).isEqualTo("1.2.3-4.el9");
    assertThat(h.toPackage("/var/lib/rpm/rpmdb.sqlite", "rpmdb-sqlite"))
        .contains(
            new InstalledPackage(
                Kind.RPM,
                "hello-tiny",
                "1.2.3-4.el9",
                "hello-tiny",
                "1.2.3-4.el9",
                "noarch",
                "/var/lib/rpm/rpmdb.sqlite",
                "rpmdb-sqlite"));
  }

  @Test
  void theEpochGoesBeforeTheVersion() {
    RpmHeader h = RpmHeader.parse(header(4));
    assertThat(h.epoch()).hasValue(2);
    assertThat(h.fullVersion()).isEqualTo("2:0.9-1");
    assertThat(h.sourceVersion()).isEqualTo("2:0.9-1");
  }

  @Test
  void aSubPackageNamesItsSourceRpm() {
    RpmHeader h = RpmHeader.parse(header(1));
    assertThat(h.name()).isEqualTo("multi-src-libs");
    assertThat(h.sourceName()).isEqualTo("multi-src");
    assertThat(h.sourceVersion()).isEqualTo("5.0-7.fc40");
  }

  @Test
  void gpgPubkeyIsNoPackage() {
    RpmHeader h = RpmHeader.parse(header(5));
    assertThat(h.isGpgPubkey()).isTrue();
    // rpm --import writes the text "(none)" as the key's source rpm.
    assertThat(h.sourceRpm()).isEqualTo("(none)");
    assertThat(h.sourceName()).isEqualTo("gpg-pubkey");
    assertThat(h.toPackage("/p", "rpmdb-sqlite")).isEmpty();
  }

  @Test
  void sourceNamesSplitOnTheLastTwoHyphens() {
    assertThat(named("openssl-libs", "openssl-3.0.7-27.el9.src.rpm").sourceName())
        .isEqualTo("openssl");
    assertThat(named("python3-libs", "python3.9-3.9.18-3.el9.src.rpm").sourceName())
        .isEqualTo("python3.9");
    assertThat(named("x", "x-y-z-1-2.nosrc.rpm").sourceName()).isEqualTo("x-y-z");
    assertThat(named("x", "x-y-z-1-2.nosrc.rpm").sourceVersion()).isEqualTo("1-2");
    assertThat(named("x", "nohyphens.src.rpm").sourceName()).isEqualTo("x");
    assertThat(named("x", "-1-2.src.rpm").sourceName()).isEqualTo("x");
    assertThat(named("x", "a-1-.src.rpm").sourceName()).isEqualTo("x");
    assertThat(named("x", "a-1-2.tar.gz").sourceName()).isEqualTo("x");
    assertThat(named("x", "a-1-2.tar.gz").sourceVersion()).isEqualTo("1-1");
  }

  private static RpmHeader named(String name, String sourceRpm) {
    return new RpmHeader(name, OptionalInt.empty(), "1", "1", "x86_64", sourceRpm);
  }

  @Test
  void aHugeIndexCountIsRejectedBeforeAnythingIsAllocated() {
    byte[] blob = header(3);
    ByteBuffer.wrap(blob).putInt(0, 0x8000_0000);
    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index count 2147483648");
    ByteBuffer.wrap(blob).putInt(0, -1).putInt(4, -1);
    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4294967295");
  }

  @Test
  void offsetsOutsideTheDataStoreAreRejected() {
    byte[] blob = header(3);
    ByteBuffer b = ByteBuffer.wrap(blob);
    int count = b.getInt(0);
    for (int i = 0; i < count; i++) {
      if (b.getInt(8 + 16 * i) == 1000) {
        b.putInt(8 + 16 * i + 8, 0x7fff_fff0);
      }
    }
    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag 1000 points at offset 2147483632, outside the");
  }

  @Test
  void aStringWithoutItsEndIsRejected() {
    byte[] name = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] blob = synthetic(new int[][] {{1000, 6, 0, 1}}, name);
    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .hasMessageContaining("runs past the end of the data store");
  }

  @Test
  void wrongTypesAndMissingFieldsAreRejected() {
    byte[] data = "n\0v\0".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> RpmHeader.parse(synthetic(new int[][] {{1000, 4, 0, 1}}, data)))
        .hasMessageContaining("tag 1000 has type 4, not a string");
    assertThatThrownBy(
            () -> RpmHeader.parse(synthetic(new int[][] {{1000, 6, 0, 1}, {1003, 6, 0, 1}}, data)))
        .hasMessageContaining("EPOCH");
    assertThatThrownBy(
            () -> RpmHeader.parse(synthetic(new int[][] {{1000, 6, 0, 1}, {1003, 4, 2, 1}}, data)))
        .hasMessageContaining("EPOCH");
    assertThatThrownBy(() -> RpmHeader.parse(synthetic(new int[][] {{1001, 6, 2, 1}}, data)))
        .hasMessage("it has no NAME");
    assertThatThrownBy(() -> RpmHeader.parse(synthetic(new int[][] {{1000, 6, 0, 1}}, data)))
        .hasMessage("package n has no VERSION");
    assertThat(RpmHeader.parse(synthetic(new int[][] {{1000, 6, 0, 1}, {1001, 6, 2, 1}}, data)))
        .isEqualTo(new RpmHeader("n", OptionalInt.empty(), "v", "", "", ""));
    assertThat(
            RpmHeader.parse(synthetic(new int[][] {{1000, 6, 0, 1}, {1001, 6, 2, 1}}, data))
                .fullVersion())
        .isEqualTo("v");
    assertThatThrownBy(() -> RpmHeader.parse(synthetic(new int[][] {}, data)))
        .hasMessage("its index is empty");
  }

  @Test
  void truncatedAndRandomBlobsAreRejectedWithoutOtherExceptions() {
    byte[] real = header(1);
    for (int length = 0; length < real.length; length += 7) {
      byte[] cut = Arrays.copyOf(real, length);
      assertThatThrownBy(() -> RpmHeader.parse(cut)).isInstanceOf(IllegalArgumentException.class);
    }
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] blob = real.clone();
      for (int flips = 0; flips < 8; flips++) {
        blob[random.nextInt(blob.length)] = (byte) random.nextInt(256);
      }
      try {
        RpmHeader.parse(blob);
      } catch (IllegalArgumentException expected) {
        // a message, not another exception
      }
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      try {
        RpmHeader.parse(noise);
      } catch (IllegalArgumentException expected) {
        // a message, not another exception
      }
    }
  }

  /** A header with the given index entries {tag, type, offset, count} and data store. */
  static byte[] synthetic(int[][] entries, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + 16 * entries.length + data.length);
    b.putInt(entries.length).putInt(data.length);
    for (int[] e : entries) {
      for (int v : e) {
        b.putInt(v);
      }
    }
    return b.put(data).array();
  }
}
