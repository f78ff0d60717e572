#!/usr/bin/env bash
# Builds a realistic "official base image": Debian bookworm (minbase) + OpenJDK 17 JRE headless,
# two layers (OS, then JRE), default user `app` (uid 1000). Uses only real tools: debootstrap,
# umoci, skopeo. Needs root. Idempotent: an existing image in the output directory is kept.
#
#   scripts/base-image.sh [OUT_DIR]     (default: ~/.cache/paas/base-image)
#
# Writes OUT_DIR/layout (OCI layout, tag java17), OUT_DIR/base.oci.tar (oci-archive) and
# OUT_DIR/base.docker.tar (docker-archive).
set -euo pipefail
out=${1:-${HOME}/.cache/paas/base-image}
mirror=${PAAS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
if [[ -f "$out/base.docker.tar" && -f "$out/base.oci.tar" ]]; then
  echo "base image already built in $out"
  exit 0
fi
for tool in debootstrap umoci skopeo unshare chroot; do
  command -v "$tool" >/dev/null || { echo "base-image.sh: '$tool' is missing (apt-get install debootstrap umoci skopeo)" >&2; exit 1; }
done
mkdir -p "$out"
work=$(mktemp -d "${out}/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== debootstrap bookworm (minbase) =="
debootstrap --variant=minbase bookworm "$work/os" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
rm -rf "$work/os/var/cache/apt/archives/"*.deb "$work/os/var/lib/apt/lists/"*

layout="$work/layout"
umoci init --layout "$layout"
umoci new --image "$layout:os"
umoci unpack --image "$layout:os" "$work/b1"
rm -rf "$work/b1/rootfs" && mv "$work/os" "$work/b1/rootfs"
umoci repack --image "$layout:os" "$work/b1"
rm -rf "$work/b1"

echo "== layer 2: OpenJDK 17 JRE + user app =="
umoci unpack --image "$layout:os" "$work/b2"
root="$work/b2/rootfs"
unshare --mount --fork /bin/sh -euc "
  mount -t proc proc '$root/proc'
  mount --bind /dev '$root/dev'
  cp /etc/resolv.conf '$root/etc/resolv.conf'
  chroot '$root' apt-get update -qq
  DEBIAN_FRONTEND=noninteractive chroot '$root' apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
  chroot '$root' useradd --uid 1000 --create-home --shell /bin/sh app
  chroot '$root' apt-get clean
"
rm -rf "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"*.bin
: > "$root/etc/resolv.conf"
umoci repack --image "$layout:java17" "$work/b2"
rm -rf "$work/b2"
umoci config --image "$layout:java17" --tag java17 \
  --config.user app \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
  --config.env LANG=C.UTF-8 \
  --config.workingdir /home/app \
  --config.label org.opencontainers.image.title=paas-official-java17 \
  --architecture amd64 --os linux
umoci gc --layout "$layout"

rm -rf "$out/layout" "$out/base.oci.tar" "$out/base.docker.tar"
skopeo copy --quiet "oci:$layout:java17" "oci-archive:$out/base.oci.tar:base/java17:1"
skopeo copy --quiet "oci:$layout:java17" "docker-archive:$out/base.docker.tar:base/java17:1"
mv "$layout" "$out/layout"
echo "base image written to $out"
skopeo inspect "oci-archive:$out/base.oci.tar" | grep -E '"(Digest|Architecture)"'
