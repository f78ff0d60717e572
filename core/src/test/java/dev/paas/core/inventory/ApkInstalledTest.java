package dev.paas.core.inventory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.inventory.InstalledPackage.Kind;
import org.junit.jupiter.api.Test;

class ApkInstalledTest {

  static final String DB = "/lib/apk/db/installed";

  static InstalledPackage apk(String name, String version, String origin) {
    return new InstalledPackage(
        Kind.APK, name, version, origin, version, "x86_64", DB, "apk-installed");
  }

  @Test
  void readsAnAlpine319Database() {
    PackageDatabases.Read read = PackageDatabases.read(DB, Resources.bytes("/apk/installed"));
    assertThat(read.problems()).isEmpty();
    assertThat(read.packages())
        .containsExactly(
            apk("musl", "1.2.4_git20230717-r4", "musl"),
            apk("busybox", "1.36.1-r15", "busybox"),
            apk("alpine-baselayout", "3.4.3-r2", "alpine-baselayout"),
            apk("libcrypto3", "3.1.4-r5", "openssl"),
            apk("libssl3", "3.1.4-r5", "openssl"),
            apk("zlib", "1.3.1-r0", "zlib"),
            apk("ssl_client", "1.36.1-r15", "busybox"));
  }

  @Test
  void noOriginMeansTheNameAndNoFinalBlankLineIsFine() {
    PackageDatabases.Read read = ApkInstalled.read(DB, "P:x\nV:1-r0\nA:x86_64".getBytes(UTF_8));
    assertThat(read.packages())
        .containsExactly(
            new InstalledPackage(
                Kind.APK, "x", "1-r0", "x", "1-r0", "x86_64", DB, "apk-installed"));
  }

  @Test
  void aRecordWithoutNameOrVersionIsAProblemAndTheOthersStay() {
    String db = "P:a\nV:1\n\nP:b\nF:usr\n\nV:2\n\n\n\nP:c\r\nV:3\r\n";
    PackageDatabases.Read read = ApkInstalled.read(DB, db.getBytes(UTF_8));
    assertThat(read.packages()).extracting(InstalledPackage::name).containsExactly("a", "c");
    assertThat(read.problems())
        .containsExactly(
            DB + ":4 describes a package without a version (V:) for b; it is not in the inventory",
            DB + ":7 describes a package without a name (P:); it is not in the inventory");
  }

  @Test
  void binaryDataIsAProblem() {
    PackageDatabases.Read read = ApkInstalled.read(DB, new byte[] {0x1f, (byte) 0x8b, 0, 0});
    assertThat(read.packages()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith(DB + " is not a readable apk database");
  }
}
