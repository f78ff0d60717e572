#!/usr/bin/env bash
# Makes the images this IT checks, with umoci and skopeo (tools no one here wrote), from the
# official Debian + JRE base: usage make-images.sh BASE_OCI_ARCHIVE OUT_DIR FILES_DIR
#   bad.oci.tar      on the base, breaking every image rule at once
#   setuid.oci.tar   on the base, one setuid file and one world-writable directory
#   scratch.oci.tar  not on the base at all
#   broken/          an OCI layout whose top layer is cut short
set -euo pipefail
base=$1 out=$2 files=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
layout="$work/layout"
skopeo copy --quiet "oci-archive:$base" "oci:$layout:bad"
skopeo copy --quiet "oci-archive:$base" "oci:$layout:setuid"

# --- bad: every rule but base-inheritance fails ---
# A secret that a later layer deletes: it still ships in the lower layer.
umoci insert --image "$layout:bad" "$files/application.properties" /app/config/application.properties
umoci insert --image "$layout:bad" --whiteout /app/config/application.properties
# A Spring Boot-like fat jar whose nested jar holds a private key; and a zip bomb.
umoci insert --image "$layout:bad" "$files/app.jar" /app/app.jar
umoci insert --image "$layout:bad" "$files/bomb.zip" /app/lib/bomb.zip
# setuid helper, world-writable directory, a replaced system binary.
printf "#!/bin/sh\n" > "$work/helper" && chmod 4755 "$work/helper"
mkdir -m 0777 "$work/shared" && chmod 0777 "$work/shared"
umoci insert --image "$layout:bad" "$work/helper" /app/bin/helper
umoci insert --image "$layout:bad" "$work/shared" /app/shared
printf '#!/bin/sh\necho not really apt\n' > "$work/apt" && chmod 0755 "$work/apt"
umoci insert --image "$layout:bad" "$work/apt" /usr/bin/apt
# A hand-made layer: a name that climbs out of the root and a device node.
mkdir -p "$work/raw/a/b" && (cd "$work/raw/a/b" && echo evil > ../../escape && mknod dev-sda b 8 0 \
  && tar --format=posix -cf "$work/raw.tar" -P ../../escape dev-sda)
umoci raw add-layer --image "$layout:bad" "$work/raw.tar"
umoci config --image "$layout:bad" --config.user root --config.env "GITHUB_TOKEN=$(cat "$files/token.txt")"
skopeo copy --quiet "oci:$layout:bad" "oci-archive:$out/bad.oci.tar"

# --- setuid: two findings a team can waive ---
umoci insert --image "$layout:setuid" "$work/helper" /app/bin/helper
umoci insert --image "$layout:setuid" "$work/shared" /app/shared
skopeo copy --quiet "oci:$layout:setuid" "oci-archive:$out/setuid.oci.tar"

# --- scratch: a look-alike that is not built on the official base ---
umoci init --layout "$work/scratch"
umoci new --image "$work/scratch:latest"
mkdir -p "$work/rootfs/etc" && echo 'app:x:1000:1000::/:/bin/sh' > "$work/rootfs/etc/passwd"
umoci insert --image "$work/scratch:latest" "$work/rootfs/etc" /etc
umoci config --image "$work/scratch:latest" --config.user app
skopeo copy --quiet "oci:$work/scratch:latest" "oci-archive:$out/scratch.oci.tar"

# --- broken: the setuid image with its top layer blob cut in half ---
rm -rf "$out/broken"
skopeo copy --quiet "oci:$layout:setuid" "oci:$out/broken:latest"
top=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["layers"][-1]["digest"].split(":")[1])' \
  "$out/broken/blobs/sha256/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$out/broken/index.json")")
size=$(stat -c %s "$out/broken/blobs/sha256/$top")
truncate -s $((size / 2)) "$out/broken/blobs/sha256/$top"
echo "images written to $out"
