package dev.paas.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackageDatabasesTest {

  @Test
  void recognisesTheDatabasesAtTheirPaths() {
    assertThat(PackageDatabases.isDatabase("/var/lib/dpkg/status")).isTrue();
    assertThat(PackageDatabases.isDatabase("var/lib/dpkg/status")).isTrue();
    assertThat(PackageDatabases.isDatabase("./var/lib/dpkg/status")).isTrue();
    assertThat(PackageDatabases.isDatabase("/var/lib/dpkg/status.d/libc6")).isTrue();
    assertThat(PackageDatabases.isDatabase("/lib/apk/db/installed")).isTrue();
    assertThat(PackageDatabases.isDatabase("/var/lib/rpm/rpmdb.sqlite")).isTrue();
    assertThat(PackageDatabases.isDatabase("/usr/lib/sysimage/rpm/rpmdb.sqlite")).isTrue();
    assertThat(PackageDatabases.isDatabase("/var/lib/rpm/Packages")).isTrue();
    assertThat(PackageDatabases.isDatabase("/usr/lib/sysimage/rpm/Packages")).isTrue();
  }

  @Test
  void leavesOtherFilesAlone() {
    assertThat(PackageDatabases.isDatabase("/var/lib/dpkg/status-old")).isFalse();
    assertThat(PackageDatabases.isDatabase("/var/lib/dpkg/status.d/libc6.md5sums")).isFalse();
    assertThat(PackageDatabases.isDatabase("/var/lib/dpkg/status.d/")).isFalse();
    assertThat(PackageDatabases.isDatabase("/var/lib/dpkg/status.d/x/y")).isFalse();
    assertThat(PackageDatabases.isDatabase("/var/lib/dpkg/available")).isFalse();
    assertThat(PackageDatabases.isDatabase("/lib/apk/db/installed.bak")).isFalse();
    assertThat(PackageDatabases.isDatabase("/var/lib/rpm/rpmdb.sqlite-wal")).isFalse();
    assertThat(PackageDatabases.isDatabase("/var/lib/rpm/Name")).isFalse();
    assertThat(PackageDatabases.isDatabase("/app/var/lib/dpkg/status")).isFalse();
  }

  @Test
  void anotherPathIsAProblem() {
    PackageDatabases.Read read = PackageDatabases.read("/etc/passwd", new byte[0]);
    assertThat(read.packages()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .startsWith("/etc/passwd is not a package database");
  }
}
