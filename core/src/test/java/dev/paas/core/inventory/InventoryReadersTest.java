package dev.paas.core.inventory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.archive.ArchiveLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryReadersTest {

  private final InventoryReaders all = InventoryReaders.all(ArchiveLimits.DEFAULT);

  @Test
  void everyFormatIsInTheOneList() {
    assertThat(all.wants("/var/lib/dpkg/status")).isTrue();
    assertThat(all.wants("/var/lib/dpkg/status.d/libc6")).isTrue();
    assertThat(all.wants("/lib/apk/db/installed")).isTrue();
    assertThat(all.wants("/var/lib/rpm/rpmdb.sqlite")).isTrue();
    assertThat(all.wants("/usr/lib/sysimage/rpm/Packages")).isTrue();
    assertThat(all.wants("/app/libs/commons-text-1.9.jar")).isTrue();
    assertThat(all.wants(BuildRecord.PATH)).isTrue();
    assertThat(all.wants("/etc/passwd")).isFalse();
    assertThat(all.read("/etc/passwd", new byte[0])).isEmpty();
  }

  @Test
  void theFirstReaderThatWantsAFileReadsItAtItsAbsolutePath() {
    PackageDatabases.Read read =
        all.read("./lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n\n".getBytes(UTF_8))
            .orElseThrow();

    assertThat(read.packages())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(InstalledPackage.Kind.APK);
              assertThat(p.name()).isEqualTo("musl");
              assertThat(p.path()).isEqualTo("/lib/apk/db/installed");
              assertThat(p.evidence()).isEqualTo(ApkInstalled.EVIDENCE);
            });
  }

  @Test
  void aNewFormatIsOneReaderInTheList() {
    InventoryReader npm =
        InventoryReader.of(
            path -> path.endsWith("/package.json"),
            (path, content) ->
                new PackageDatabases.Read(
                    List.of(
                        new InstalledPackage(
                            InstalledPackage.Kind.MAVEN,
                            "left-pad",
                            "1.3.0",
                            "",
                            "",
                            "",
                            path,
                            "test")),
                    List.of()));
    InventoryReaders readers = new InventoryReaders(List.of(npm));

    assertThat(
            readers
                .read("/srv/node_modules/left-pad/package.json", new byte[0])
                .orElseThrow()
                .packages())
        .extracting(InstalledPackage::name)
        .containsExactly("left-pad");
  }

  @Test
  void aReaderThatFailsCostsOnlyItsFile() {
    InventoryReader broken =
        InventoryReader.of(
            path -> true,
            (path, content) -> {
              throw new IllegalStateException("a bug");
            });

    PackageDatabases.Read read =
        new InventoryReaders(List.of(broken)).read("x", new byte[0]).orElseThrow();

    assertThat(read.packages()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith(
            "/x could not be read as a package database (java.lang.IllegalStateException:"
                + " a bug)")
        .endsWith("report this as a bug");
  }
}
