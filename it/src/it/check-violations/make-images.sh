#!/usr/bin/env bash
# Makes the images this IT checks, with GNU tar, umoci and skopeo (tools no one here wrote), from
# the official Debian + JRE base: usage make-images.sh BASE_OCI_ARCHIVE OUT_DIR FILES_DIR
#   bad.oci.tar      on the base, breaking every image rule at once
#   setuid.oci.tar   on the base, one setuid file and one world-writable directory
#   scratch.oci.tar  not on the base at all
#   broken/          an OCI layout (oci: transport) whose top layer is cut short
# Layers are written with tar and added with 'umoci raw add-layer' ('umoci insert' 0.4.7 writes
# tars without their padding and end blocks).
set -euo pipefail
base=$1 out=$2 files=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
layout="$work/layout"
skopeo copy --quiet "oci-archive:$base" "oci:$layout:bad"
skopeo copy --quiet "oci-archive:$base" "oci:$layout:setuid"

# layer IMAGE DIR NAME...: adds a layer holding DIR's NAMEs (owned by root).
layer() {
  local image=$1 dir=$2
  shift 2
  tar --format=posix --numeric-owner --owner=0 --group=0 -C "$dir" -cf "$work/layer.tar" "$@"
  umoci raw add-layer --image "$image" "$work/layer.tar"
}

# --- bad: every rule but base-inheritance fails ---
# A secret that a later layer deletes: it still ships in the lower layer.
mkdir -p "$work/l1/app/config" && cp "$files/application.properties" "$work/l1/app/config/"
layer "$layout:bad" "$work/l1" app
mkdir -p "$work/l2/app/config" && : > "$work/l2/app/config/.wh.application.properties"
layer "$layout:bad" "$work/l2" app
# A Spring Boot-like fat jar whose nested jar holds a private key, a zip bomb, a setuid helper,
# a world-writable directory, and a replaced system binary.
mkdir -p "$work/l3/app/lib" "$work/l3/app/bin" "$work/l3/usr/bin"
cp "$files/app.jar" "$work/l3/app/app.jar"
cp "$files/bomb.zip" "$work/l3/app/lib/bomb.zip"
printf '#!/bin/sh\n' > "$work/l3/app/bin/helper" && chmod 4755 "$work/l3/app/bin/helper"
mkdir "$work/l3/app/shared" && chmod 0777 "$work/l3/app/shared"
printf '#!/bin/sh\necho not really apt\n' > "$work/l3/usr/bin/apt" && chmod 0755 "$work/l3/usr/bin/apt"
layer "$layout:bad" "$work/l3" app/app.jar app/lib app/bin app/shared usr/bin/apt
# A hand-made layer: a name that climbs out of the root, and a device node.
mkdir -p "$work/raw/a/b" && (cd "$work/raw/a/b" && echo evil > ../../escape && mknod dev-sda b 8 0 \
  && tar --format=posix -cf "$work/raw.tar" -P ../../escape dev-sda)
umoci raw add-layer --image "$layout:bad" "$work/raw.tar"
umoci config --image "$layout:bad" --config.user root --config.env "GITHUB_TOKEN=$(cat "$files/token.txt")"
skopeo copy --quiet "oci:$layout:bad" "oci-archive:$out/bad.oci.tar"

# --- setuid: two findings a team can waive ---
mkdir -p "$work/s1/app/bin"
cp -p "$work/l3/app/bin/helper" "$work/s1/app/bin/helper"
mkdir "$work/s1/app/shared" && chmod 0777 "$work/s1/app/shared"
layer "$layout:setuid" "$work/s1" app
skopeo copy --quiet "oci:$layout:setuid" "oci-archive:$out/setuid.oci.tar"

# --- scratch: a look-alike that is not built on the official base ---
umoci init --layout "$work/scratch"
umoci new --image "$work/scratch:latest"
mkdir -p "$work/rootfs/etc" && echo 'app:x:1000:1000::/:/bin/sh' > "$work/rootfs/etc/passwd"
layer "$work/scratch:latest" "$work/rootfs" etc
umoci config --image "$work/scratch:latest" --config.user app
skopeo copy --quiet "oci:$work/scratch:latest" "oci-archive:$out/scratch.oci.tar"

# --- broken: the setuid image plus a layer never seen before, its blob cut in half ---
rm -rf "$out/broken"
mkdir -p "$work/b1/app" && head -c 65536 /dev/urandom > "$work/b1/app/random.bin"
layer "$layout:setuid" "$work/b1" app
skopeo copy --quiet "oci:$layout:setuid" "oci:$out/broken:latest"
manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$out/broken/index.json")
top=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["layers"][-1]["digest"].split(":")[1])' "$out/broken/blobs/sha256/$manifest")
size=$(stat -c %s "$out/broken/blobs/sha256/$top")
truncate -s $((size / 2)) "$out/broken/blobs/sha256/$top"
echo "images written to $out"
