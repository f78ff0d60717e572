#!/usr/bin/env bash
# Makes two small images with tar, umoci and skopeo (tools no one here wrote), to check the
# inventory of OS package databases under a real Maven: usage make-images.sh OUT_DIR RPMDB APKDB
#   rocky.oci.tar   Rocky Linux 9.4's os-release and a real rpm SQLite database (made with rpm 4.18,
#                   see core/src/test/resources/rpmdb/README.md)
#   alpine.oci.tar  Alpine 3.19.1's os-release and an apk installed database
# Layers are written with tar and added with 'umoci raw add-layer'.
set -euo pipefail
out=$1 rpmdb=$2 apkdb=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

image() { # NAME ROOTFS
  umoci init --layout "$work/$1"
  umoci new --image "$work/$1:latest"
  tar --format=posix --numeric-owner --owner=0 --group=0 -C "$2" -cf "$work/$1.tar" .
  umoci raw add-layer --image "$work/$1:latest" "$work/$1.tar"
  umoci config --image "$work/$1:latest" --config.user 1000
  skopeo copy --quiet "oci:$work/$1:latest" "oci-archive:$out/$1.oci.tar"
}

mkdir -p "$work/r/etc" "$work/r/var/lib/rpm"
cat > "$work/r/etc/os-release" <<'OS'
NAME="Rocky Linux"
VERSION="9.4 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"
OS
cp "$rpmdb" "$work/r/var/lib/rpm/rpmdb.sqlite"
image rocky "$work/r"

mkdir -p "$work/a/etc" "$work/a/lib/apk/db"
cat > "$work/a/etc/os-release" <<'OS'
NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.19.1
PRETTY_NAME="Alpine Linux v3.19"
HOME_URL="https://alpinelinux.org/"
OS
cp "$apkdb" "$work/a/lib/apk/db/installed"
image alpine "$work/a"
